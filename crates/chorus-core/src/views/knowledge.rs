//! What knowledge-base pages show: articles and their versions.

named_enum!(
    /// Where an article is in its life: written, public, retired.
    ArticleState, "article state", {
        /// Being written or reviewed; staff only.
        Draft => "draft", "Draft";
        /// Public and searchable.
        Published => "published", "Published";
        /// Retired: kept with its versions, no longer shown.
        Archived => "archived", "Archived";
    }
);

/// An article with its author's name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Article {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML of `body`.
    pub body_html: String,
    /// Category ('' for none).
    pub category: String,
    /// `draft`, `published` or `archived`.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "String"))]
    pub state: ArticleState,
    /// Current version number (1 for a new article).
    pub version: i64,
    /// Author.
    pub author_id: i64,
    /// Author's display name.
    pub author_name: String,
    /// Topic it was promoted from.
    pub source_topic_id: Option<i64>,
    /// Case it was promoted from.
    pub source_case_id: Option<i64>,
    /// "Helpful" votes.
    pub helpful_yes: i64,
    /// "Not helpful" votes.
    pub helpful_no: i64,
    /// Page views.
    pub view_count: i64,
    /// Created (ms).
    pub created_at: i64,
    /// Last changed (ms).
    pub updated_at: i64,
    /// First or latest publication (ms).
    pub published_at: Option<i64>,
    /// Who published it.
    pub published_by: Option<i64>,
    /// Captions or a transcript of the videos it embeds (searched with it).
    pub transcript: String,
}

/// One version of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ArticleVersion {
    /// Version number.
    pub version: i64,
    /// Title then.
    pub title: String,
    /// Markdown then.
    pub body: String,
    /// Category then.
    pub category: String,
    /// Who wrote this version.
    pub editor_name: Option<String>,
    /// When (ms).
    pub created_at: i64,
}
