//! Listening through the API: mentions (push, list, detail), themes (list, detail, status,
//! merge, split), spikes, hourly volume and sources. Everything needs a staff token; sources
//! need an admin's.

mod mentions;
mod sources;
mod spikes;
mod themes;

// The router in `api/mod.rs` names handlers `listening::x`; `routes!` also needs the
// `__path_x` type `#[utoipa::path]` generates next to each.
pub(crate) use mentions::{
    __path_create_mention, __path_get_mention, __path_list_mentions, create_mention, get_mention,
    list_mentions,
};
pub(crate) use sources::{
    __path_create_source, __path_delete_source, __path_get_source, __path_list_sources,
    __path_update_source, create_source, delete_source, get_source, list_sources, update_source,
};
pub(crate) use spikes::{__path_list_spikes, __path_volume, list_spikes, volume};
pub(crate) use themes::{
    __path_get_theme, __path_list_themes, __path_merge_theme, __path_post_theme_status,
    __path_put_theme_status, __path_split_theme, get_theme, list_themes, merge_theme,
    post_theme_status, put_theme_status, split_theme,
};

fn rfc(ms: i64) -> String {
    chorus_core::Timestamp(ms).rfc3339()
}
