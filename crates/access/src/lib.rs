//! Who may use a shared truce. The main items are [`hash_password`] and
//! [`check_password`] (Argon2id, with a random salt per password, in the PHC string
//! format, so the parameters travel with each hash and can be raised later), and
//! [`one_time_secret`], the password a new or reset account is given once and that its
//! user changes.
//!
//! [`new_secret`] makes the secrets a session cookie and an API token carry,
//! [`secret_hash`] what the store keeps of them, and [`csrf_token`] a session's CSRF token.
//!
//! The roles are `truce_model::Role` and what a request does a `truce_model::Action`;
//! [`allowed`] is the access matrix, which docs/security.md prints and a test holds to.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use truce_model::{Action, ReadersSee, Role};

/// What went wrong with a password.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error("a password must have at least {MIN_PASSWORD} characters")]
    TooShort,
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

/// The fewest characters a password may have.
pub const MIN_PASSWORD: usize = 12;

/// A new one-time password and its Argon2id hash: what a new or reset account is given
/// (the password shown once, the hash stored).
pub fn one_time_password() -> Result<(String, String), AccessError> {
    let secret = one_time_secret();
    let hash = hash_password(&secret)?;
    Ok((secret, hash))
}

/// The Argon2id hash of `secret`, as a PHC string (`$argon2id$v=19$m=...`).
pub fn hash_password(secret: &str) -> Result<String, AccessError> {
    if secret.chars().count() < MIN_PASSWORD {
        return Err(AccessError::TooShort);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccessError::Hash(e.to_string()))
}

/// Whether `secret` is the password `hash` was made from; a hash that cannot be read
/// matches nothing.
pub fn check_password(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(secret.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Letters and digits that cannot be mistaken for one another when read aloud or copied
/// by hand (no 0/O, 1/l/I).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A random password of 20 characters in four groups ("k3xq-...") from the operating
/// system's random source: about 98 bits.
pub fn one_time_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    let mut out = String::with_capacity(24);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % 5 == 0 {
            out.push('-');
        }
        // 256 is not a multiple of the alphabet's 31 letters: the slight bias costs well
        // under a bit of the secret's strength
        out.push(ALPHABET[usize::from(*b) % ALPHABET.len()] as char);
    }
    out
}

/// Whether `role` may do `action`, readers seeing what `readers_see` says. The one
/// statement of the access matrix: the server asks it of every request, and
/// docs/security.md's table is checked against it.
///
/// An admin runs the server (users, tokens, settings, the audit trail) and reads the
/// record, but records nothing in it: verifying is an analyst's work, and keeping the two
/// apart means a stolen admin password cannot quietly change the record.
pub fn allowed(role: Role, action: Action, readers_see: ReadersSee) -> bool {
    use Action::*;
    match action {
        Public | OwnAccount | ReadRecord => true,
        ReadWorking => role != Role::Reader || readers_see == ReadersSee::All,
        Upload | Verify | RecordStatus | DecideAgreement => role == Role::Analyst,
        ManageUsers | ReadAudit => role == Role::Admin,
    }
}

/// The prefix of an API token, so a token is recognised in a script or a leaked file.
pub const TOKEN_PREFIX: &str = "truce_";

/// A new secret of 256 bits from the operating system's random source, as 64 hex digits
/// (a session's cookie), or after [`TOKEN_PREFIX`] an API token.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the store keeps of a session's or a token's secret: its blake3 hash. A secret of
/// 256 random bits needs no slow hash (nobody can guess it to test against the hash),
/// and a fast one lets every request be checked.
pub fn secret_hash(secret: &str) -> String {
    blake3::hash(secret.as_bytes()).to_hex().to_string()
}

/// The CSRF token of the session whose cookie carries `session_secret`: derived from the
/// secret (blake3 in key-derivation mode, under a context of its own), so it need not be
/// stored, and cannot be worked out from what the store keeps (the secret's hash).
pub fn csrf_token(session_secret: &str) -> String {
    blake3::derive_key(
        "truce 2026-12 session CSRF token",
        session_secret.as_bytes(),
    )
    .iter()
    .map(|b| format!("{b:02x}"))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_keeps_recording_to_analysts_and_running_the_server_to_admins() {
        for &role in Role::ALL {
            for readers_see in [ReadersSee::All, ReadersSee::Verified] {
                let may = |a| allowed(role, a, readers_see);
                assert!(may(Action::Public) && may(Action::ReadRecord));
                assert_eq!(may(Action::Verify), role == Role::Analyst, "{role}");
                assert_eq!(may(Action::ReadAudit), role == Role::Admin, "{role}");
            }
        }
        assert!(allowed(Role::Reader, Action::ReadWorking, ReadersSee::All));
        assert!(!allowed(
            Role::Reader,
            Action::ReadWorking,
            ReadersSee::Verified
        ));
        assert!(allowed(
            Role::WorkingGroupObserver,
            Action::ReadWorking,
            ReadersSee::Verified
        ));
    }

    #[test]
    fn secrets_are_long_random_and_kept_only_as_hashes() {
        let a = new_secret();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_secret());
        assert_eq!(secret_hash(&a), secret_hash(&a));
        assert_ne!(secret_hash(&a), a);
        assert_ne!(secret_hash(&a), secret_hash(&new_secret()));
        // a session's CSRF token is its own, and is neither its secret nor the stored hash
        assert_eq!(csrf_token(&a), csrf_token(&a));
        assert_ne!(csrf_token(&a), csrf_token(&new_secret()));
        assert!(csrf_token(&a) != a && csrf_token(&a) != secret_hash(&a));
    }

    #[test]
    fn a_password_checks_against_its_own_hash_only() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(check_password("correct horse battery", &hash));
        assert!(!check_password("correct horse batterY", &hash));
        assert!(!check_password("correct horse battery", "not a hash"));
        // salted: the same password hashes differently each time
        assert_ne!(hash, hash_password("correct horse battery").unwrap());
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(matches!(hash_password("short"), Err(AccessError::TooShort)));
    }

    #[test]
    fn one_time_secrets_are_long_readable_and_different() {
        let a = one_time_secret();
        assert_eq!(a.len(), 23, "{a}");
        assert!(
            a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))),
            "{a}"
        );
        assert_ne!(a, one_time_secret());
        assert!(check_password(&a, &hash_password(&a).unwrap()));
        let (secret, hash) = one_time_password().unwrap();
        assert!(check_password(&secret, &hash));
    }
}
