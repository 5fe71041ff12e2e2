<?php
/**
 * Plugin Name: Loa podcast
 * Description: Sends each published post to Loa, which reads it aloud for the podcast feed, and puts Loa's player under the post.
 * Version: 1.0.0
 * Requires PHP: 7.4
 * License: MIT
 *
 * On publish and on every update of a published post, the post goes to Loa's webhook (signed,
 * scheme v2); when it leaves "publish" (trash, draft, private, pending), gets a password or is
 * deleted, Loa is told to retract it. The post's article id at Loa is the id prefix (default "wp-")
 * followed by the post ID. When Loa cannot be reached or answers that it is busy (429, 5xx), the
 * post's state at that time is sent again later by WP-Cron (after 1, 2, 4, 8 and 16 minutes), each
 * time with a new delivery id.
 */

if (!defined('ABSPATH')) {
    exit;
}

require_once __DIR__ . '/includes/class-loa-signer.php';
require_once __DIR__ . '/settings.php';

const LOA_PODCAST_PLAYER_HEIGHT = 150;
const LOA_PODCAST_PLAYER_CLASS = 'loa-podcast-player';
const LOA_PODCAST_RETRIES = 5;

add_action('transition_post_status', 'loa_podcast_transition', 10, 3);
add_action('before_delete_post', 'loa_podcast_before_delete', 10, 1);
add_action('loa_podcast_resend', 'loa_podcast_resend', 10, 2);
add_filter('the_content', 'loa_podcast_player');

/** Loa's public base URL (e.g. https://radio.example.vn/loa), without a trailing slash. */
function loa_podcast_base_url()
{
    return rtrim((string) get_option('loa_podcast_base_url', ''), '/');
}

/** The shared secret: LOA_PODCAST_SECRET in wp-config.php, else the one saved in the settings. */
function loa_podcast_secret()
{
    if (defined('LOA_PODCAST_SECRET')) {
        return (string) LOA_PODCAST_SECRET;
    }
    return (string) get_option('loa_podcast_secret', '');
}

/** The article id Loa knows the post by. */
function loa_podcast_article_id($post_id)
{
    return (string) get_option('loa_podcast_id_prefix', 'wp-') . (int) $post_id;
}

/** Posts of the types read aloud (filter "loa_podcast_post_types", default post). */
function loa_podcast_is_podcast_type($post)
{
    $types = (array) apply_filters('loa_podcast_post_types', array('post'));
    return in_array($post->post_type, $types, true);
}

/** Posts read aloud: published for everyone (no password), of the types read aloud. */
function loa_podcast_is_spoken($post)
{
    return $post->post_status === 'publish' && (string) $post->post_password === '' && loa_podcast_is_podcast_type($post);
}

function loa_podcast_transition($new_status, $old_status, $post)
{
    if (!loa_podcast_is_podcast_type($post)) {
        return;
    }
    if ($new_status === 'publish' && (string) $post->post_password === '') {
        $status = loa_podcast_send_article($post, $old_status === 'publish' ? 'PUT' : 'POST');
    } elseif ($old_status === 'publish') {  // unpublished, or a password now keeps it from the public
        $status = loa_podcast_retract($post->ID);
    } else {
        return;
    }
    loa_podcast_retry_later($status, $post->ID, 0);
}

function loa_podcast_before_delete($post_id)
{
    $post = get_post($post_id);
    if ($post && loa_podcast_is_spoken($post)) {
        loa_podcast_retry_later(loa_podcast_retract($post->ID), $post->ID, 0);
    }
}

/** When Loa could not take the delivery for a reason that passes (no answer, 429, 5xx), try later. */
function loa_podcast_retry_later($status, $post_id, $attempt)
{
    $passing = $status === null || $status === 429 || $status >= 500;
    if (!$passing || $attempt >= LOA_PODCAST_RETRIES || loa_podcast_base_url() === '' || loa_podcast_secret() === '') {
        return;
    }
    wp_schedule_single_event(time() + 60 * (2 ** $attempt), 'loa_podcast_resend', array((int) $post_id, $attempt + 1));
}

/** WP-Cron's retry: sends what the post is now (published, or to be retracted). */
function loa_podcast_resend($post_id, $attempt)
{
    $post = get_post($post_id);
    if ($post && loa_podcast_is_spoken($post)) {
        $status = loa_podcast_send_article($post, 'PUT');
    } else {
        $status = loa_podcast_retract($post_id);
    }
    loa_podcast_retry_later($status, $post_id, (int) $attempt);
}

/** The post's text as Loa reads it: plain paragraphs separated by blank lines. */
function loa_podcast_paragraphs($html)
{
    $html = preg_replace('#<(script|style|figcaption)\b[^>]*>.*?</\1\s*>#is', ' ', $html);
    $html = preg_replace('#<!--.*?-->#s', ' ', $html);
    $html = preg_replace('#<br\s*/?>#i', "\n", $html);
    $html = preg_replace('#</?(p|div|h[1-6]|li|ul|ol|blockquote|figure|section|article|table|tr|pre|hr)\b[^>]*>#i', "\n\n", $html);
    $text = html_entity_decode(strip_tags($html), ENT_QUOTES | ENT_HTML5, 'UTF-8');
    $paragraphs = array();
    foreach (preg_split("/\n[ \t\r\x{00A0}]*\n/u", $text) as $paragraph) {
        $paragraph = trim(preg_replace('/[\s\x{00A0}]+/u', ' ', $paragraph));
        if ($paragraph !== '') {
            $paragraphs[] = $paragraph;
        }
    }
    return implode("\n\n", $paragraphs);
}

/** The article as Loa's webhook takes it. */
function loa_podcast_article($post)
{
    $title = html_entity_decode(strip_tags((string) $post->post_title), ENT_QUOTES | ENT_HTML5, 'UTF-8');
    return array(
        'id' => loa_podcast_article_id($post->ID),
        'title' => trim($title),
        'body' => loa_podcast_paragraphs(strip_shortcodes((string) $post->post_content)),
        'url' => get_permalink($post),
        'published' => get_post_time('c', true, $post),
        'modified' => get_post_modified_time('c', true, $post),
        'author' => (string) get_the_author_meta('display_name', $post->post_author),
        'category' => current(loa_podcast_term_names(get_the_category($post->ID), 1)) ?: null,
        'tags' => loa_podcast_term_names(get_the_tags($post->ID), 30),
    );
}

/** The names of terms (categories, tags) as text, at most $limit, each cut to the 100 characters Loa keeps. */
function loa_podcast_term_names($terms, $limit)
{
    $names = array();
    foreach (is_array($terms) ? $terms : array() as $term) {
        $name = trim(preg_replace('/\s+/u', ' ', html_entity_decode((string) $term->name, ENT_QUOTES | ENT_HTML5, 'UTF-8')));
        if ($name !== '' && preg_match('/^.{1,100}/u', $name, $cut) && count($names) < $limit) {
            $names[] = rtrim($cut[0]);
        }
    }
    return $names;
}

function loa_podcast_send_article($post, $method)
{
    $article = loa_podcast_article($post);
    $body = json_encode($article, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
    $target = $method === 'PUT' ? '/api/articles/' . rawurlencode($article['id']) : '/api/articles';
    return loa_podcast_deliver($method, $target, $body === false ? '' : $body, $article['id']);
}

function loa_podcast_retract($post_id)
{
    $article_id = loa_podcast_article_id($post_id);
    return loa_podcast_deliver('DELETE', '/api/articles/' . rawurlencode($article_id), '', $article_id);
}

/**
 * Signs and sends one request; remembers how Loa answered (shown on the settings page).
 *
 * @return int|null Loa's HTTP status, or null when nothing could be sent.
 */
function loa_podcast_deliver($method, $target, $body, $article_id)
{
    $base = loa_podcast_base_url();
    $secret = loa_podcast_secret();
    if ($base === '' || $secret === '') {
        loa_podcast_remember($method, $article_id, null, 'the Loa base URL or the webhook secret is not set');
        return null;
    }
    $signer = new Loa_Signer($secret);
    $headers = array('Content-Type' => 'application/json; charset=utf-8') + $signer->headers($method, $target, $body);
    $response = wp_remote_post($base . $target, array(
        'method' => $method,
        'headers' => $headers,
        'body' => $body,
        'timeout' => 10,
        'redirection' => 0,
        'data_format' => 'body',
    ));
    if (is_wp_error($response)) {
        loa_podcast_remember($method, $article_id, null, $response->get_error_message());
        return null;
    }
    $code = (int) wp_remote_retrieve_response_code($response);
    $answer = json_decode((string) wp_remote_retrieve_body($response), true);
    $detail = is_array($answer) ? (isset($answer['detail']) ? $answer['detail'] : (isset($answer['status']) ? $answer['status'] : '')) : '';
    loa_podcast_remember($method, $article_id, $code, is_string($detail) ? $detail : '');
    return $code;
}

function loa_podcast_remember($method, $article_id, $code, $detail)
{
    update_option('loa_podcast_last_delivery', array(
        'time' => time(), 'method' => $method, 'id' => $article_id, 'code' => $code,
        'detail' => preg_match('/^.{0,300}/us', (string) $detail, $start) ? $start[0] : '',
    ), false);
}

/** The one-line embed of Loa's player for this post. */
function loa_podcast_iframe($post)
{
    $src = loa_podcast_base_url() . '/nhung/' . rawurlencode(loa_podcast_article_id($post->ID));
    $title = 'Nghe: ' . html_entity_decode(strip_tags((string) $post->post_title), ENT_QUOTES | ENT_HTML5, 'UTF-8');
    return '<iframe class="' . LOA_PODCAST_PLAYER_CLASS . '" src="' . esc_url($src) . '" width="100%" height="'
        . (int) LOA_PODCAST_PLAYER_HEIGHT . '" title="' . esc_attr($title) . '" loading="lazy" style="border:0"></iframe>';
}

/** Puts the player under the post on its own page, once. */
function loa_podcast_player($content)
{
    if (!is_singular() || !in_the_loop() || !is_main_query()) {
        return $content;
    }
    $post = get_post();
    if (!$post || !loa_podcast_is_spoken($post) || loa_podcast_base_url() === '') {
        return $content;
    }
    if (strpos($content, 'class="' . LOA_PODCAST_PLAYER_CLASS . '"') !== false) {
        return $content;
    }
    return $content . "\n" . loa_podcast_iframe($post) . "\n";
}
