<?php
/**
 * Settings → Loa podcast: Loa's base URL, the webhook secret and the article id prefix.
 *
 * The secret is write-only here: the form never prints it back (it says only whether one is set),
 * and an empty field keeps the saved one. LOA_PODCAST_SECRET in wp-config.php takes precedence and
 * keeps the secret out of the database.
 */

if (!defined('ABSPATH')) {
    exit;
}

add_action('admin_menu', 'loa_podcast_admin_menu');
add_action('admin_init', 'loa_podcast_register_settings');

function loa_podcast_admin_menu()
{
    add_options_page('Loa podcast', 'Loa podcast', 'manage_options', 'loa-podcast', 'loa_podcast_settings_page');
}

function loa_podcast_register_settings()
{
    register_setting('loa_podcast', 'loa_podcast_base_url',
        array('type' => 'string', 'sanitize_callback' => 'loa_podcast_sanitize_base_url', 'default' => ''));
    register_setting('loa_podcast', 'loa_podcast_secret',
        array('type' => 'string', 'sanitize_callback' => 'loa_podcast_sanitize_secret', 'default' => ''));
    register_setting('loa_podcast', 'loa_podcast_id_prefix',
        array('type' => 'string', 'sanitize_callback' => 'loa_podcast_sanitize_id_prefix', 'default' => 'wp-'));
}

function loa_podcast_sanitize_base_url($value)
{
    return rtrim(esc_url_raw(trim((string) $value), array('https', 'http')), '/');
}

/** A new secret replaces the saved one; an empty field keeps it. */
function loa_podcast_sanitize_secret($value)
{
    $value = trim((string) $value);
    return $value === '' ? (string) get_option('loa_podcast_secret', '') : $value;
}

/** Loa's ids are letters, digits, ".", "_" and "-": anything else is left out. */
function loa_podcast_sanitize_id_prefix($value)
{
    return substr(preg_replace('/[^A-Za-z0-9._-]/', '', (string) $value), 0, 20);
}

function loa_podcast_settings_page()
{
    if (!current_user_can('manage_options')) {
        return;
    }
    $in_config = defined('LOA_PODCAST_SECRET');
    $secret_set = loa_podcast_secret() !== '';
    $last = get_option('loa_podcast_last_delivery', null);
    ?>
    <div class="wrap">
      <h1>Loa podcast</h1>
      <form method="post" action="options.php">
        <?php settings_fields('loa_podcast'); ?>
        <table class="form-table" role="presentation">
          <tr>
            <th scope="row"><label for="loa_podcast_base_url">Loa base URL</label></th>
            <td><input type="url" class="regular-text" id="loa_podcast_base_url" name="loa_podcast_base_url"
                       value="<?php echo esc_attr(get_option('loa_podcast_base_url', '')); ?>"
                       placeholder="https://radio.example.vn/loa">
              <p class="description">Loa's public address (its LOA_PUBLIC_BASE_URL). Use https.</p></td>
          </tr>
          <tr>
            <th scope="row"><label for="loa_podcast_secret">Webhook secret</label></th>
            <td><?php if ($in_config) : ?>
                <p>Set in wp-config.php (LOA_PODCAST_SECRET).</p>
              <?php else : ?>
                <input type="password" class="regular-text" id="loa_podcast_secret" name="loa_podcast_secret"
                       value="" autocomplete="new-password">
                <p class="description"><?php echo $secret_set
                    ? 'A secret is saved. Leave the field empty to keep it; type a new one to replace it.'
                    : 'No secret yet: paste Loa\'s LOA_WEBHOOK_SECRET here.'; ?></p>
              <?php endif; ?></td>
          </tr>
          <tr>
            <th scope="row"><label for="loa_podcast_id_prefix">Article id prefix</label></th>
            <td><input type="text" id="loa_podcast_id_prefix" name="loa_podcast_id_prefix"
                       value="<?php echo esc_attr(get_option('loa_podcast_id_prefix', 'wp-')); ?>">
              <p class="description">Loa knows post 123 as <code><?php echo esc_html(get_option('loa_podcast_id_prefix', 'wp-')); ?>123</code>.</p></td>
          </tr>
        </table>
        <?php submit_button(); ?>
      </form>
      <?php if (is_array($last)) : ?>
        <h2>Last delivery</h2>
        <p><?php echo esc_html(sprintf('%s %s at %s: %s %s', $last['method'], $last['id'],
            gmdate('Y-m-d H:i:s', (int) $last['time']) . ' UTC',
            $last['code'] === null ? 'not sent' : 'HTTP ' . $last['code'], $last['detail'])); ?></p>
      <?php endif; ?>
    </div>
    <?php
}
