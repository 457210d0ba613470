use super::*;

#[test]
fn defaults_are_valid() {
    Config::default().validate().unwrap();
    assert_eq!(Config::default().database_url(), "sqlite://data/chorus.db");
    assert_eq!(Config::default().public_url(), "http://127.0.0.1:8080");
}

#[test]
fn example_parses_back_to_the_defaults() {
    let parsed: Config = toml::from_str(&Config::example_toml()).unwrap();
    assert_eq!(parsed, Config::default());
}

#[test]
fn every_setting_is_documented() {
    let defaults = toml::Value::try_from(Config::default()).unwrap();
    let table = defaults.as_table().unwrap();
    assert_eq!(
        table.len(),
        Config::SECTIONS.len(),
        "a section is missing from SECTIONS"
    );
    for section in Config::SECTIONS {
        assert!(
            !section.doc.is_empty(),
            "section {} has no doc",
            section.key
        );
        let keys = table[section.key].as_table().unwrap();
        assert_eq!(keys.len(), section.fields.len(), "[{}]", section.key);
        for (key, doc) in section.fields {
            assert!(keys.contains_key(*key), "{}.{key}", section.key);
            assert!(!doc.is_empty(), "{}.{key} has no doc comment", section.key);
        }
    }
}

#[test]
fn committed_example_matches_the_code() {
    let committed = include_str!("../../../../chorus.example.toml");
    assert!(
        committed == Config::example_toml(),
        "chorus.example.toml is stale: run `cargo run -- config example > chorus.example.toml`"
    );
}

#[test]
fn unknown_keys_are_refused() {
    let err = toml::from_str::<Config>("[server]\nlisen = \"x\"\n").unwrap_err();
    assert!(err.to_string().contains("lisen"), "{err}");
}

#[test]
fn validation_names_the_key() {
    let mut c = Config::default();
    c.server.listen = "localhost".into();
    assert_eq!(c.validate().unwrap_err().key, "server.listen");
    let mut c = Config::default();
    c.database.url = "mysql://x".into();
    assert_eq!(c.validate().unwrap_err().key, "database.url");
    let mut c = Config::default();
    c.server.public_url = "https://hub.example.com/".into();
    assert_eq!(c.public_url(), "https://hub.example.com");
    assert!(c.secure_cookies());
}

#[test]
fn oidc_providers_are_read_and_checked() {
    let toml = r#"
[auth]
password_login = false

[oidc.providers.corp]
name = "Acme SSO"
issuer = "https://sso.acme.example/realms/staff"
client_id = "chorus"
client_secret = "s"
role_claim = "realm_access.roles"
roles = "support=agent leads=manager"
"#;
    let c: Config = toml::from_str(toml).unwrap();
    c.validate().unwrap();
    let p = &c.oidc.providers["corp"];
    assert_eq!(p.scopes, "openid email profile");
    assert_eq!(p.default_role(), chorus_core::Role::Member);
    assert_eq!(
        p.role_map().unwrap(),
        vec![
            ("support".to_owned(), chorus_core::Role::Agent),
            ("leads".to_owned(), chorus_core::Role::Manager)
        ]
    );
    assert!(!c.auth.password_login);

    let broken = |edit: fn(&mut OidcProvider)| {
        let mut c = c.clone();
        edit(c.oidc.providers.get_mut("corp").unwrap());
        let e = c.validate().unwrap_err();
        assert_eq!(e.key, "oidc.providers");
        e.message
    };
    assert!(broken(|p| p.issuer = "http://sso.acme.example".into()).contains("https"));
    assert!(broken(|p| p.client_id = " ".into()).contains("client_id"));
    assert!(broken(|p| p.scopes = "email".into()).contains("openid"));
    assert!(broken(|p| p.default_role = "boss".into()).contains("default_role"));
    assert!(broken(|p| p.roles = "support".into()).contains("VALUE=ROLE"));
    assert!(broken(|p| p.roles = "x=boss".into()).contains("not a role"));
    assert!(broken(|p| p.role_claim = String::new()).contains("role_claim"));
    let mut c2 = c.clone();
    let p = c2.oidc.providers.remove("corp").unwrap();
    c2.oidc.providers.insert("Bad Key".into(), p);
    assert!(c2.validate().unwrap_err().message.contains("lower-case"));

    assert!(validate::secure_issuer("http://127.0.0.1:9000"));
    assert!(validate::secure_issuer("http://localhost/realms/x"));
    assert!(!validate::secure_issuer("http://127.0.0.1.evil.example"));
    assert!(!validate::secure_issuer("ftp://x"));
}
