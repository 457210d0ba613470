use chorus_testkit::oidc::{kid, public_jwk, signing_key};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use jsonwebtoken::jwk::KeyAlgorithm;

use super::*;

const ISSUER: &str = "https://id.example.com";
const CLIENT: &str = "hub";
const NOW: i64 = 1_800_000_000;

fn expected() -> Expected<'static> {
    Expected {
        issuer: ISSUER,
        client_id: CLIENT,
        nonce: "n-123",
        now_secs: NOW,
    }
}

fn claims() -> Value {
    json!({
        "iss": ISSUER, "sub": "alice-1", "aud": CLIENT, "iat": NOW, "exp": NOW + 300,
        "nonce": "n-123", "email": "Alice@Example.com", "email_verified": true,
        "name": "Alice", "groups": ["staff", "support-leads"],
        "realm_access": {"roles": ["admins"]},
    })
}

fn keys(algs: &[Algorithm]) -> JwkSet {
    JwkSet {
        keys: algs.iter().map(|a| public_jwk(*a).unwrap()).collect(),
    }
}

fn sign(alg: Algorithm, kid_name: Option<&str>, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid_name.map(str::to_owned);
    jsonwebtoken::encode(&header, claims, &signing_key(alg).unwrap()).unwrap()
}

fn problem(token: &str, keys: &JwkSet) -> String {
    match verify_id_token(token, keys, &expected()) {
        Ok(_) => "accepted".to_owned(),
        Err(TokenProblem::UnknownKey) => "unknown key".to_owned(),
        Err(TokenProblem::Invalid(m)) => m,
    }
}

#[test]
fn accepts_rs256_and_es256_tokens_signed_by_a_published_key() {
    let set = keys(&[Algorithm::RS256, Algorithm::ES256]);
    for alg in [Algorithm::RS256, Algorithm::ES256] {
        let token = sign(alg, Some(&kid(alg)), &claims());
        let c = verify_id_token(&token, &set, &expected()).unwrap();
        assert_eq!(c.sub, "alice-1");
        assert!(c.email_verified());
    }
    // Without a kid, the only key of the token's family is used.
    let token = sign(Algorithm::RS256, None, &claims());
    assert_eq!(problem(&token, &set), "accepted");
}

#[test]
fn refuses_tokens_whose_claims_do_not_match_the_sign_in() {
    let set = keys(&[Algorithm::RS256]);
    let with = |key: &str, value: Value| {
        let mut c = claims();
        c[key] = value;
        problem(
            &sign(Algorithm::RS256, Some(&kid(Algorithm::RS256)), &c),
            &set,
        )
    };
    assert!(with("nonce", json!("other")).contains("nonce"));
    assert!(with("aud", json!("another-client")).contains("another client"));
    // Several audiences need this client as the authorized party.
    assert!(with("aud", json!([CLIENT, "x"])).contains("azp"));
    let mut shared = claims();
    shared["aud"] = json!([CLIENT, "x"]);
    shared["azp"] = json!(CLIENT);
    assert_eq!(
        problem(
            &sign(Algorithm::RS256, Some(&kid(Algorithm::RS256)), &shared),
            &set
        ),
        "accepted"
    );
    assert!(with("azp", json!("other")).contains("azp"));
    // NumericDate may be fractional.
    assert_eq!(with("exp", json!(NOW as f64 + 30.5)), "accepted");
    assert!(with("iss", Value::Null).contains("cannot be read"));
    assert!(with("iss", json!("https://evil.example")).contains("issued by"));
    assert!(with("exp", json!(NOW - 3600)).contains("expired"));
    // Within the tolerated clock difference.
    assert_eq!(with("exp", json!(NOW - 60)), "accepted");
    assert!(with("iat", json!(NOW + 3600)).contains("future"));
    assert!(with("exp", Value::Null).contains("no expiry"));
    assert!(with("sub", json!("")).contains("subject"));
}

#[test]
fn refuses_forged_signatures_and_symmetric_algorithms() {
    let set = keys(&[Algorithm::RS256]);
    let token = sign(Algorithm::RS256, Some(&kid(Algorithm::RS256)), &claims());
    // Change the payload after signing.
    let mut parts: Vec<&str> = token.split('.').collect();
    let mut forged = claims();
    forged["email"] = json!("admin@example.com");
    let payload = URL_SAFE_NO_PAD.encode(forged.to_string());
    parts[1] = &payload;
    assert!(problem(&parts.join("."), &set).contains("signature"));

    // HS256 "signed" with a public value (the confusion attack) is refused outright.
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(kid(Algorithm::RS256));
    let hs = jsonwebtoken::encode(
        &header,
        &claims(),
        &EncodingKey::from_secret(b"client secret").unwrap(),
    )
    .unwrap();
    assert!(problem(&hs, &set).contains("not accepted"));

    // A key the set does not publish asks for the set to be read again.
    let es = sign(Algorithm::ES256, Some("rotated"), &claims());
    assert_eq!(problem(&es, &set), "unknown key");
    // A known kid whose key is of another family does not verify either.
    let es = sign(Algorithm::ES256, Some(&kid(Algorithm::RS256)), &claims());
    assert_eq!(problem(&es, &set), "unknown key");
    assert!(problem("not.a.token", &set).contains("unreadable"));
}

#[test]
fn finds_keys_the_way_real_key_sets_publish_them() {
    // Entra ID publishes keys without `alg`: the key's family decides.
    let mut bare = public_jwk(Algorithm::RS256).unwrap();
    bare.common.key_algorithm = None;
    let set = JwkSet { keys: vec![bare] };
    let token = sign(Algorithm::RS256, Some(&kid(Algorithm::RS256)), &claims());
    assert_eq!(problem(&token, &set), "accepted");

    // A key announced for another algorithm of the same family is not used.
    let mut other = public_jwk(Algorithm::RS256).unwrap();
    other.common.key_algorithm = Some(KeyAlgorithm::RS512);
    let set = JwkSet { keys: vec![other] };
    assert_eq!(problem(&token, &set), "unknown key");

    // Without a kid, two keys of the family are ambiguous.
    let mut second = public_jwk(Algorithm::RS256).unwrap();
    second.common.key_id = Some("second".to_owned());
    let set = JwkSet {
        keys: vec![public_jwk(Algorithm::RS256).unwrap(), second],
    };
    let no_kid = sign(Algorithm::RS256, None, &claims());
    assert_eq!(problem(&no_kid, &set), "unknown key");
    // Encryption keys are never used for signatures.
    let mut enc = public_jwk(Algorithm::RS256).unwrap();
    enc.common.public_key_use = Some(PublicKeyUse::Encryption);
    assert_eq!(problem(&token, &JwkSet { keys: vec![enc] }), "unknown key");
}

#[test]
fn maps_roles_from_a_claim_and_reads_verified_flags() {
    let c: Claims = serde_json::from_value(claims()).unwrap();
    let provider = |claim: &str, roles: &str| OidcProvider {
        role_claim: claim.to_owned(),
        roles: roles.to_owned(),
        default_role: "agent".to_owned(),
        ..OidcProvider::default()
    };
    assert_eq!(
        mapped_role(&provider("groups", "staff=agent support-leads=manager"), &c),
        Some(Role::Manager)
    );
    assert_eq!(
        mapped_role(&provider("realm_access.roles", "admins=admin"), &c),
        Some(Role::Admin)
    );
    // Present but unmapped: the default role. Absent: unknown, so the role is kept.
    assert_eq!(
        mapped_role(&provider("groups", "nobody=admin"), &c),
        Some(Role::Agent)
    );
    assert_eq!(mapped_role(&provider("missing", "staff=admin"), &c), None);
    let mut overage = claims();
    overage["_claim_names"] = json!({"groups": "src1"});
    let overage: Claims = serde_json::from_value(overage).unwrap();
    assert_eq!(
        mapped_role(&provider("groups", "staff=agent"), &overage),
        None
    );

    let mut v = claims();
    v["email_verified"] = json!("true");
    assert!(
        serde_json::from_value::<Claims>(v.clone())
            .unwrap()
            .email_verified()
    );
    v["email_verified"] = json!(false);
    assert!(
        !serde_json::from_value::<Claims>(v.clone())
            .unwrap()
            .email_verified()
    );
    v.as_object_mut().unwrap().remove("email_verified");
    assert!(
        !serde_json::from_value::<Claims>(v)
            .unwrap()
            .email_verified()
    );
}

#[test]
fn pkce_challenge_matches_rfc_7636() {
    // RFC 7636, appendix B.
    assert_eq!(
        code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[test]
fn display_names_fall_back_to_what_passes_the_rules() {
    let mut v = claims();
    v["name"] = json!("   ");
    v["preferred_username"] = json!("alice.w");
    let c: Claims = serde_json::from_value(v).unwrap();
    assert_eq!(display_name(&c, "alice@example.com"), "alice.w");
    let c: Claims = serde_json::from_value(claims()).unwrap();
    assert_eq!(display_name(&c, "alice@example.com"), "Alice");
}
