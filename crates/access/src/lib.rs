//! Who may use a shared truce. The main items are [`hash_password`] and
//! [`check_password`] (Argon2id, with a random salt per password, in the PHC string
//! format, so the parameters travel with each hash and can be raised later), and
//! [`one_time_secret`], the password a new or reset account is given once and that its
//! user changes.
//!
//! The roles are `truce_model::Role`; what each may do is the access matrix of
//! docs/security.md.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

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

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
