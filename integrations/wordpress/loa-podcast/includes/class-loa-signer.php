<?php
/**
 * Signs requests to Loa's publish webhook (scheme v2), in plain PHP: no WordPress needed.
 *
 * The signature is the hex HMAC-SHA256, keyed with the shared secret, of
 *
 *     loa-v2 LF METHOD LF TARGET LF TIMESTAMP LF DELIVERY LF BODY
 *
 * where TARGET is the path and query as sent, starting at /api/ (without any prefix a proxy
 * strips before Loa), and BODY the exact bytes sent (empty for DELETE). Every request, retries
 * included, gets a new delivery id: Loa acts on each id once.
 *
 *     $signer  = new Loa_Signer(getenv('LOA_WEBHOOK_SECRET'));
 *     $headers = $signer->headers('POST', '/api/articles', $body);
 */
final class Loa_Signer
{
    const TIMESTAMP_HEADER = 'X-Loa-Timestamp';
    const DELIVERY_HEADER = 'X-Loa-Delivery';
    const SIGNATURE_HEADER = 'X-Loa-Signature';

    /** @var string */
    private $secret;

    public function __construct($secret)
    {
        if (!is_string($secret) || $secret === '') {
            throw new InvalidArgumentException('the Loa webhook secret is not set');
        }
        $this->secret = $secret;
    }

    /** The bytes a v2 signature covers. */
    public static function message($method, $target, $timestamp, $delivery_id, $body)
    {
        return implode("\n", array('loa-v2', strtoupper($method), $target, (string) $timestamp, $delivery_id, $body));
    }

    /** The X-Loa-Signature value for this request. */
    public function signature($method, $target, $timestamp, $delivery_id, $body)
    {
        $message = self::message($method, $target, $timestamp, $delivery_id, $body);
        return 'v2=' . hash_hmac('sha256', $message, $this->secret);
    }

    /**
     * The three headers for sending this request now (or at $timestamp), with a new delivery id.
     *
     * @return array<string, string>
     */
    public function headers($method, $target, $body = '', $timestamp = null, $delivery_id = null)
    {
        $ts = (string) ($timestamp === null ? time() : (int) $timestamp);
        $delivery = $delivery_id === null ? self::delivery_id() : $delivery_id;
        return array(
            self::TIMESTAMP_HEADER => $ts,
            self::DELIVERY_HEADER => $delivery,
            self::SIGNATURE_HEADER => $this->signature($method, $target, $ts, $delivery, $body),
        );
    }

    /** A random UUID (version 4): a new delivery id. */
    public static function delivery_id()
    {
        $bytes = random_bytes(16);
        $bytes[6] = chr((ord($bytes[6]) & 0x0f) | 0x40);
        $bytes[8] = chr((ord($bytes[8]) & 0x3f) | 0x80);
        return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4));
    }

    /** Dumps and logs of the signer never show the secret. */
    public function __debugInfo()
    {
        return array('secret' => '[secret]');
    }
}
