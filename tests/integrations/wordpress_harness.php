<?php
/**
 * Loads the loa-podcast plugin without WordPress: tiny stand-ins for the WordPress functions it
 * calls, with wp_remote_post making a real HTTP request (PHP streams). Reads one scenario as JSON
 * on standard input and prints what happened as JSON:
 *
 *   {"options": {...}, "post": {...}, "do": "transition", "args": ["publish", "draft"]}
 *   {"do": "content", "content": "<p>...</p>", "times": 2, "singular": true}
 *   {"do": "delete"}, {"do": "settings"}, {"do": "uninstall"}, {"do": "sanitize_secret", "value": ""}
 *   {"do": "cron", "events": [...]}  (runs the events an earlier run scheduled)
 *
 * Output: {"requests": [{"method", "url", "headers", "body", "status", "answer"}], "options": {...},
 * "events": [{"minutes", "hook", "args"}], "output": "..."}.
 */

define('ABSPATH', __DIR__ . '/');

$scenario = json_decode(stream_get_contents(STDIN), true);
$GLOBALS['loa_test'] = array(
    'options' => isset($scenario['options']) ? $scenario['options'] : array(),
    'hooks' => array(),
    'requests' => array(),
    'events' => array(),
    'singular' => isset($scenario['singular']) ? $scenario['singular'] : true,
);

class WP_Post
{
    public $ID; public $post_type = 'post'; public $post_status = 'publish'; public $post_title = '';
    public $post_content = ''; public $post_password = ''; public $post_author = 1;
    public $post_date_gmt = ''; public $post_modified_gmt = '';
    public $categories = array(); public $tags = array();  // names of its terms (WordPress keeps them apart)

    public function __construct(array $fields)
    {
        foreach ($fields as $name => $value) {
            $this->$name = $value;
        }
    }
}

class WP_Error
{
    private $message;
    public function __construct($code, $message) { $this->message = $message; }
    public function get_error_message() { return $this->message; }
}

$GLOBALS['loa_test']['post'] = new WP_Post(isset($scenario['post']) ? $scenario['post'] : array('ID' => 1));

function add_action($hook, $callback, $priority = 10, $accepted_args = 1)
{
    $GLOBALS['loa_test']['hooks'][$hook][] = array($callback, $accepted_args);
    return true;
}

function add_filter($hook, $callback, $priority = 10, $accepted_args = 1)
{
    return add_action($hook, $callback, $priority, $accepted_args);
}

function do_action($hook, ...$args)
{
    foreach (isset($GLOBALS['loa_test']['hooks'][$hook]) ? $GLOBALS['loa_test']['hooks'][$hook] : array() as $hooked) {
        call_user_func_array($hooked[0], array_slice($args, 0, $hooked[1]));
    }
}

function apply_filters($hook, $value, ...$args)
{
    foreach (isset($GLOBALS['loa_test']['hooks'][$hook]) ? $GLOBALS['loa_test']['hooks'][$hook] : array() as $hooked) {
        $value = call_user_func_array($hooked[0], array_slice(array_merge(array($value), $args), 0, $hooked[1]));
    }
    return $value;
}

function get_option($name, $default = false)
{
    return array_key_exists($name, $GLOBALS['loa_test']['options']) ? $GLOBALS['loa_test']['options'][$name] : $default;
}

function update_option($name, $value, $autoload = null)
{
    $GLOBALS['loa_test']['options'][$name] = $value;
    return true;
}

function delete_option($name)
{
    unset($GLOBALS['loa_test']['options'][$name]);
    return true;
}

function wp_schedule_single_event($timestamp, $hook, $args = array())
{
    $minutes = (int) round(($timestamp - time()) / 60);  // whole minutes: a second may pass meanwhile
    $GLOBALS['loa_test']['events'][] = array('minutes' => $minutes, 'hook' => $hook, 'args' => $args);
    return true;
}

function get_post($id = null)
{
    $post = $GLOBALS['loa_test']['post'];
    return ($id === null || (int) $id === (int) $post->ID) ? $post : null;
}

function get_permalink($post)
{
    return 'https://tin.example.vn/?p=' . $post->ID;
}

function get_post_time($format, $gmt, $post)
{
    return gmdate($format, strtotime($post->post_date_gmt . ' UTC'));
}

function get_post_modified_time($format, $gmt, $post)
{
    return gmdate($format, strtotime($post->post_modified_gmt . ' UTC'));
}

function get_the_author_meta($field, $user_id)
{
    return $field === 'display_name' ? 'Phóng viên ' . $user_id : '';
}

class WP_Term
{
    public $name;
    public function __construct($name) { $this->name = $name; }
}

function loa_test_terms($names)
{
    return array_map(function ($name) { return new WP_Term($name); }, $names);
}

function get_the_category($post_id)
{
    return loa_test_terms(get_post($post_id)->categories);
}

function get_the_tags($post_id)
{
    $tags = get_post($post_id)->tags;
    return $tags ? loa_test_terms($tags) : false;
}

function strip_shortcodes($content)
{
    return preg_replace('/\[[^\]]*\]/', '', $content);
}

function wp_remote_post($url, $args)
{
    $lines = array();
    foreach ($args['headers'] as $name => $value) {
        $lines[] = "$name: $value";
    }
    $context = stream_context_create(array('http' => array(
        'method' => isset($args['method']) ? $args['method'] : 'POST',
        'header' => implode("\r\n", $lines),
        'content' => $args['body'],
        'timeout' => $args['timeout'],
        'ignore_errors' => true,
        'follow_location' => 0,
    )));
    $answer = @file_get_contents($url, false, $context);
    if ($answer === false) {
        return new WP_Error('http_request_failed', 'no answer from ' . $url);
    }
    preg_match('#^HTTP/\S+\s+(\d{3})#', $http_response_header[0], $status);
    $GLOBALS['loa_test']['requests'][] = array(
        'method' => $args['method'], 'url' => $url, 'headers' => $args['headers'], 'body' => $args['body'],
        'status' => (int) $status[1], 'answer' => $answer,
    );
    return array('response' => array('code' => (int) $status[1]), 'body' => $answer);
}

function is_wp_error($thing) { return $thing instanceof WP_Error; }
function wp_remote_retrieve_response_code($response) { return $response['response']['code']; }
function wp_remote_retrieve_body($response) { return $response['body']; }

function esc_url($url) { return htmlspecialchars($url, ENT_QUOTES, 'UTF-8'); }
function esc_url_raw($url, $protocols = null)
{
    $scheme = strtolower((string) parse_url($url, PHP_URL_SCHEME));
    return in_array($scheme, $protocols ?: array('http', 'https'), true) ? $url : '';
}
function esc_attr($text) { return htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8'); }
function esc_html($text) { return htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8'); }

function is_singular() { return $GLOBALS['loa_test']['singular']; }
function in_the_loop() { return true; }
function is_main_query() { return true; }

function add_options_page(...$args) { return 'settings_page_loa-podcast'; }
function register_setting($group, $name, $args = array())
{
    $GLOBALS['loa_test']['settings'][$name] = $args;
}
function settings_fields($group) { echo '<input type="hidden" name="option_page" value="' . esc_attr($group) . '">'; }
function submit_button() { echo '<input type="submit" value="Save Changes">'; }
function current_user_can($capability) { return true; }

require __DIR__ . '/../../integrations/wordpress/loa-podcast/loa-podcast.php';

$output = '';
$post = $GLOBALS['loa_test']['post'];
switch ($scenario['do']) {
    case 'transition':
        do_action('transition_post_status', $scenario['args'][0], $scenario['args'][1], $post);
        break;
    case 'delete':
        do_action('before_delete_post', $post->ID);
        break;
    case 'content':
        $output = isset($scenario['content']) ? $scenario['content'] : '';
        for ($i = 0; $i < (isset($scenario['times']) ? $scenario['times'] : 1); $i++) {
            $output = apply_filters('the_content', $output);
        }
        break;
    case 'settings':
        do_action('admin_init');
        ob_start();
        loa_podcast_settings_page();
        $output = ob_get_clean();
        break;
    case 'cron':
        foreach ($scenario['events'] as $event) {
            do_action($event['hook'], ...$event['args']);
        }
        break;
    case 'uninstall':
        define('WP_UNINSTALL_PLUGIN', 'loa-podcast/loa-podcast.php');
        require __DIR__ . '/../../integrations/wordpress/loa-podcast/uninstall.php';
        break;
    case 'sanitize_secret':
        do_action('admin_init');
        $output = call_user_func($GLOBALS['loa_test']['settings']['loa_podcast_secret']['sanitize_callback'],
            $scenario['value']);
        break;
}

echo json_encode(array(
    'requests' => $GLOBALS['loa_test']['requests'],
    'options' => $GLOBALS['loa_test']['options'],
    'events' => $GLOBALS['loa_test']['events'],
    'output' => $output,
), JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
