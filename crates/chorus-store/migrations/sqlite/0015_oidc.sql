-- Sign-in through OpenID Connect providers (issue: embedding and integrations).

-- A person's account at a provider (issuer + `sub` of its ID tokens, which together identify
-- them: OpenID Connect Core §5.7) linked to a hub account. The link, not the e-mail, finds them
-- on later sign-ins, so a changed address at the provider still reaches the same account, and
-- pointing a provider's key at another issuer cannot reach accounts linked through the old one.
CREATE TABLE user_identities (
    issuer        TEXT   NOT NULL,
    subject       TEXT   NOT NULL,
    provider      TEXT   NOT NULL, -- the configuration key it was last used through
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email         TEXT   NOT NULL, -- as the provider last gave it
    created_at    BIGINT NOT NULL,
    last_login_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

-- A sign-in under way: between the redirect to the provider and its callback. Kept in the
-- database, not in the instance, so the callback may reach any instance. `state_hash` is the
-- SHA-256 of the state parameter (also in the browser's cookie); the row is taken once.
CREATE TABLE oidc_logins (
    state_hash    TEXT   PRIMARY KEY,
    provider      TEXT   NOT NULL,
    nonce         TEXT   NOT NULL,
    code_verifier TEXT   NOT NULL, -- PKCE; sent to the token endpoint, never to the browser
    next_path     TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins (expires_at);
