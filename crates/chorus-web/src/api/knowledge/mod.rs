//! Search, suggestions, the knowledge base, promotion and the deflection report through the
//! API. Searching is public (members and visitors see community content and published
//! articles; staff also mentions and drafts); writing articles needs a staff token.

mod articles;
mod deflection;
mod search;

// The router in `api/mod.rs` names handlers `knowledge::x`; `routes!` also needs the
// `__path_x` type `#[utoipa::path]` generates next to each. The search pages use `hit_url`.
pub(crate) use articles::{
    __path_archive, __path_create_article, __path_get_article, __path_helpful,
    __path_list_articles, __path_promote_case, __path_promote_topic, __path_publish,
    __path_set_transcript, __path_unpublish, __path_update_article, __path_versions, archive,
    create_article, get_article, helpful, list_articles, promote_case, promote_topic, publish,
    set_transcript, unpublish, update_article, versions,
};
pub(crate) use deflection::{
    __path_deflection_event, __path_deflection_report, DeflectionEventJson, deflection_event,
    deflection_report,
};
pub(crate) use search::{__path_search_api, __path_suggest, hit_url, search_api, suggest};
