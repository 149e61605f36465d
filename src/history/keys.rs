//! The designated signers' public keys: parsing the `keys` of each
//! `[[person]]` (OpenSSH lines, armoured OpenPGP keys, or files inside the
//! repository holding either) into a key ring that signatures are verified
//! against.

use crate::config::RawConfig;
use pgp::composed::{Deserializable, SignedPublicKey};
use pgp::types::KeyDetails;

/// One public key of one person.
#[derive(Debug, Clone)]
pub enum Key {
    Ssh(Box<ssh_key::PublicKey>),
    Pgp(Box<SignedPublicKey>),
}

impl Key {
    /// The fingerprint people compare: `SHA256:…` for SSH, the hex v4/v6
    /// fingerprint for OpenPGP.
    pub fn fingerprint(&self) -> String {
        match self {
            Key::Ssh(k) => k.fingerprint(ssh_key::HashAlg::Sha256).to_string(),
            Key::Pgp(k) => format!("{:X}", k.fingerprint()),
        }
    }
}

/// A key of a person, and where in `isms.toml` it was listed.
#[derive(Debug, Clone)]
pub struct Entry {
    pub person: String,
    /// Index of the person in `[[person]]`, and of the key in `keys`.
    pub at: (usize, usize),
    pub key: Key,
    /// `key.fingerprint()`, worked out once.
    pub fingerprint: String,
}

/// A key that could not be read.
#[derive(Debug, Clone)]
pub struct KeyError {
    pub at: (usize, usize),
    pub message: String,
}

/// The keys of everyone declared in one configuration.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    pub entries: Vec<Entry>,
}

impl KeyRing {
    /// Builds the ring from a configuration. `read` returns the text of a
    /// key file (a path relative to the ISMS root) as it is in the same
    /// version of the repository as the configuration, or `None`.
    pub fn build(config: &RawConfig, read: impl Fn(&str) -> Option<String>) -> (KeyRing, Vec<KeyError>) {
        let mut ring = KeyRing::default();
        let mut errors = Vec::new();
        for (pi, person) in config.people.iter().enumerate() {
            for (ki, text) in person.keys.iter().enumerate() {
                let at = (pi, ki);
                let parsed = if looks_inline(text) {
                    parse_keys(text)
                } else if !crate::source::is_contained(text) {
                    Err(format!("key file `{text}` is outside the repository"))
                } else {
                    match read(text) {
                        Some(content) => parse_keys(&content).map_err(|e| format!("in key file `{text}`: {e}")),
                        None => Err(format!("key file `{text}` does not exist")),
                    }
                };
                match parsed {
                    Ok(keys) => ring.entries.extend(keys.into_iter().map(|key| Entry {
                        person: person.id.clone(),
                        at,
                        fingerprint: key.fingerprint(),
                        key,
                    })),
                    Err(message) => errors.push(KeyError { at, message }),
                }
            }
        }
        (ring, errors)
    }

    /// The person whose SSH key is exactly `key`.
    pub fn ssh_owner(&self, key: &ssh_key::public::KeyData) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| matches!(&e.key, Key::Ssh(k) if k.key_data() == key))
    }

    /// Whether the ring holds this key for this person.
    pub fn holds(&self, person: &str, fingerprint: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.person == person && e.fingerprint == fingerprint)
    }
}

pub use crate::config::looks_inline_key as looks_inline;

/// Parses one or more keys: OpenSSH public key lines (blank lines and `#`
/// comments skipped) or one armoured OpenPGP key block.
pub fn parse_keys(text: &str) -> Result<Vec<Key>, String> {
    if text.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----") {
        let (key, _) = SignedPublicKey::from_string(text).map_err(|e| format!("not a readable OpenPGP key: {e}"))?;
        key.verify_bindings()
            .map_err(|e| format!("the OpenPGP key's self-signatures do not verify: {e}"))?;
        return Ok(vec![Key::Pgp(Box::new(key))]);
    }
    let mut keys = Vec::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let key = ssh_key::PublicKey::from_openssh(line).map_err(|e| {
            let shown: String = line.chars().take(40).collect();
            format!("not an OpenSSH public key (`{shown}…`): {e}")
        })?;
        keys.push(Key::Ssh(Box::new(key)));
    }
    if keys.is_empty() {
        return Err("no key in it".into());
    }
    Ok(keys)
}
