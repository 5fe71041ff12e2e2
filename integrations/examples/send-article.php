<?php
// Sends one article (a JSON file) to Loa's webhook, signed (scheme v2) with the WordPress plugin's
// Loa_Signer (plain PHP) and sent with PHP's own streams (no curl extension needed).
//   LOA_URL=https://radio.example.vn/loa LOA_WEBHOOK_SECRET=... php send-article.php bai-mau.json
// Prints Loa's HTTP status and answer; exits 0 on 200/202, 1 otherwise.
require __DIR__ . '/../wordpress/loa-podcast/includes/class-loa-signer.php';

if ($argc !== 2) {
    fwrite(STDERR, "usage: php send-article.php ARTICLE.json\n");
    exit(2);
}
$secret = (string) getenv('LOA_WEBHOOK_SECRET');
if ($secret === '') {
    fwrite(STDERR, "set LOA_WEBHOOK_SECRET to the secret shared with Loa\n");
    exit(2);
}
$base = rtrim(getenv('LOA_URL') ?: 'http://127.0.0.1:8000', '/');
$target = '/api/articles'; // what is signed: the path from /api/ on, without a proxy's prefix
$body = file_get_contents($argv[1]); // sign and send these exact bytes

$headers = array('Content-Type' => 'application/json') + (new Loa_Signer($secret))->headers('POST', $target, $body);
$lines = array();
foreach ($headers as $name => $value) {
    $lines[] = $name . ': ' . $value;
}
$context = stream_context_create(array('http' => array(
    'method' => 'POST',
    'header' => implode("\r\n", $lines),
    'content' => $body,
    'timeout' => 15,
    'ignore_errors' => true, // read Loa's answer on 4xx and 5xx too
    'follow_location' => 0,
)));
$answer = @file_get_contents($base . $target, false, $context);
if ($answer === false || !isset($http_response_header[0])) {
    fwrite(STDERR, "Loa did not answer at $base\n");
    exit(1);
}
preg_match('#^HTTP/\S+\s+(\d{3})#', $http_response_header[0], $status);
echo 'HTTP ', $status[1], "\n", $answer, "\n";
exit(in_array($status[1], array('200', '202'), true) ? 0 : 1);
