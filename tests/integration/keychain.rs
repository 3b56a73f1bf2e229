//! The real OS keychain (Secret Service on Linux), each test under its own service name.

use whats_tip::secrets::{Keychain, KeychainStatus, SecretKind, Sensitive};

fn unique_keychain(test: &str) -> Keychain {
    Keychain::new(format!("whats-tip-test-{test}-{}", std::process::id()))
}

#[tokio::test]
#[ignore = "needs a Secret Service: scripts/test.sh runs it in a private D-Bus session"]
async fn keys_round_trip_and_report_only_a_hint() {
    let keychain = unique_keychain("round-trip");
    assert_eq!(keychain.status().await, KeychainStatus::Available);
    let kind = SecretKind::OpenaiApiKey;
    assert!(!keychain.secret_status(kind).await.unwrap().configured);

    keychain
        .set(
            kind,
            Sensitive::new("  sk-proj-abcdefghijklmnop1234  ".into()),
        )
        .await
        .unwrap();
    let stored = keychain.get(kind).await.unwrap().expect("saved key");
    assert_eq!(
        stored.expose(),
        "sk-proj-abcdefghijklmnop1234",
        "stored trimmed"
    );
    let status = keychain.secret_status(kind).await.unwrap();
    assert!(status.configured);
    assert_eq!(status.hint.as_deref(), Some("1234"));
    // The other kind is a separate entry.
    assert!(keychain
        .get(SecretKind::EvolutionApiKey)
        .await
        .unwrap()
        .is_none());

    keychain
        .set(kind, Sensitive::new("sk-proj-replacement-key-9999".into()))
        .await
        .unwrap();
    assert_eq!(
        keychain.secret_status(kind).await.unwrap().hint.as_deref(),
        Some("9999")
    );

    keychain.delete(kind).await.unwrap();
    assert!(keychain.get(kind).await.unwrap().is_none());
    // Removing twice is not an error.
    keychain.delete(kind).await.unwrap();
}

#[tokio::test]
#[ignore = "needs a Secret Service: scripts/test.sh runs it in a private D-Bus session"]
async fn an_empty_key_is_refused_and_nothing_is_stored() {
    let keychain = unique_keychain("empty");
    let result = keychain
        .set(SecretKind::EvolutionApiKey, Sensitive::new("   ".into()))
        .await;
    assert!(
        matches!(result, Err(whats_tip::secrets::SecretsError::Empty)),
        "{result:?}"
    );
    assert!(keychain
        .get(SecretKind::EvolutionApiKey)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
#[ignore = "needs a Secret Service: scripts/test.sh runs it in a private D-Bus session"]
async fn service_names_keep_profiles_apart() {
    let a = unique_keychain("profile-a");
    let b = unique_keychain("profile-b");
    a.set(
        SecretKind::OpenaiApiKey,
        Sensitive::new("sk-only-in-profile-a-0000".into()),
    )
    .await
    .unwrap();
    assert!(b.get(SecretKind::OpenaiApiKey).await.unwrap().is_none());
    a.delete(SecretKind::OpenaiApiKey).await.unwrap();
}
