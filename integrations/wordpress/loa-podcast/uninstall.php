<?php
/** Deleting the plugin forgets its settings, the webhook secret among them. */
if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}
foreach (array('loa_podcast_base_url', 'loa_podcast_secret', 'loa_podcast_id_prefix', 'loa_podcast_last_delivery') as $name) {
    delete_option($name);
}
