use thiserror::Error;

/// Why a store call failed.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A uniqueness rule was violated (e.g. an e-mail address already registered).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database URL could not be understood.
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    /// A row held a value this version of Chorus does not understand.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// Applying migrations failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The operation needs the other database backend.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A secret could not be sealed or opened (see [`crate::sealed`]).
    #[error("secret: {0}")]
    Secret(String),
    /// A change was refused because the lease that entitles the caller to make it is no
    /// longer the caller's (see [`crate::listening::Fence`]); nothing was written.
    #[error("fenced: the lease {0:?} is held by another instance")]
    Fenced(String),
    /// The database reported an error (connection, constraint, syntax).
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e
            && db.is_unique_violation()
        {
            return StoreError::Conflict(db.message().to_owned());
        }
        StoreError::Database(e)
    }
}
