//! `contacts.phone_key`: a contact's number as one integer, the same for both forms of a
//! Brazilian mobile (with and without the 9th digit) but for one bit, so an import finds
//! a row's number in either form with one range probe of `(list_id, phone_key)`, and reads
//! the stored form back from the index alone.
//!
//! The key is the number's digits as an integer, times two. For a Brazilian mobile written
//! with the 9th digit whose older 8-digit form existed (9 followed by 6–9, the pairs phone
//! repair gives an `alternative`), the digits are those of the 8-digit form and the low bit
//! is set: `+55 11 9 8765-4321` → `551187654321 × 2 + 1`, `+55 11 8765-4321` →
//! `551187654321 × 2`. A number that is not `+` and 1–15 digits (E.164's most), or whose
//! first digit is 0, has no key (`NULL`): none comes out of phone repair, and the key
//! could not be read back as the same text.
//!
//! `migrations/0011_contact_phone_key.sql` computes the same key in SQL for the contacts
//! stored before it; the tests below hold the two to each other.

/// The key of `e164`, or `None` when it is not a number the key can hold.
pub fn phone_key(e164: &str) -> Option<i64> {
    let digits = e164.strip_prefix('+')?.as_bytes();
    if digits.is_empty()
        || digits.len() > 15
        || digits[0] == b'0'
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let ninth = has_older_form(digits);
    let value = digits
        .iter()
        .enumerate()
        .filter(|&(at, _)| !(ninth && at == NINTH_AT))
        .fold(0_i64, |value, (_, &d)| value * 10 + i64::from(d - b'0'));
    Some(value * 2 + i64::from(ninth))
}

/// The number a key was made from (`phone_key(&number_of_key(k)?) == Some(k)`).
///
/// An import into a large list reads tens of thousands of keys back on its writing thread,
/// so the digits are written into one string of the right size, without the formatting
/// machinery (`to_string`, then `format!`, cost three allocations a number).
pub fn number_of_key(key: i64) -> Option<String> {
    if key <= 0 {
        return None;
    }
    // Right to left; a positive i64 has at most 19 digits.
    let mut buffer = [0_u8; 19];
    let mut start = buffer.len();
    let mut value = key >> 1;
    while value > 0 {
        start -= 1;
        buffer[start] = b'0' + (value % 10) as u8;
        value /= 10;
    }
    let digits = &buffer[start..];
    let ninth = key & 1 == 1;
    // Only 12-digit Brazilian forms carry the bit.
    if ninth && (digits.len() != 12 || !digits.starts_with(b"55")) {
        return None;
    }
    let mut number = String::with_capacity(digits.len() + 2);
    number.push('+');
    for (at, &digit) in digits.iter().enumerate() {
        if ninth && at == NINTH_AT {
            number.push('9');
        }
        number.push(char::from(digit));
    }
    Some(number)
}

/// The keys of both forms of the number with this key: the range an import probes.
pub fn pair_of(key: i64) -> (i64, i64) {
    (key & !1, key | 1)
}

/// Where the 9th digit sits in a Brazilian number's digits: after "55" and the DDD.
const NINTH_AT: usize = 4;

/// `+55 DDD 9 XXXX-XXXX` with X starting 6–9: a mobile that also existed without the 9.
fn has_older_form(digits: &[u8]) -> bool {
    digits.len() == 13
        && digits.starts_with(b"55")
        && digits[NINTH_AT] == b'9'
        && matches!(digits[NINTH_AT + 1], b'6'..=b'9')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_of_a_mobile_differ_only_in_the_low_bit() {
        let nine = phone_key("+5511987654321").unwrap();
        let eight = phone_key("+551187654321").unwrap();
        assert_eq!(eight, 551_187_654_321 * 2);
        assert_eq!(nine, eight + 1);
        assert_eq!(pair_of(nine), (eight, nine));
        assert_eq!(pair_of(eight), (eight, nine));
    }

    #[test]
    fn numbers_without_an_older_form_keep_their_digits() {
        // A 9-digit mobile starting 9 1–5, a landline, a foreign number, a 13-digit
        // number outside Brazil that looks like a mobile.
        for (number, digits) in [
            ("+5511912345678", 5_511_912_345_678_i64),
            ("+551133334444", 551_133_334_444),
            ("+14155550123", 14_155_550_123),
            ("+4491987654321", 4_491_987_654_321),
            ("+1", 1),
            ("+999999999999999", 999_999_999_999_999),
        ] {
            assert_eq!(phone_key(number), Some(digits * 2), "{number}");
        }
    }

    #[test]
    fn keys_read_back_as_the_same_number() {
        for number in [
            "+5511987654321",
            "+551187654321",
            "+5511912345678",
            "+551133334444",
            "+5599999999999",
            "+14155550123",
            "+1",
            "+999999999999999",
        ] {
            let key = phone_key(number).unwrap();
            assert_eq!(number_of_key(key).as_deref(), Some(number));
        }
        // No number has these keys.
        for key in [0, -2, 3, 14_155_550_123 * 2 + 1] {
            assert_eq!(number_of_key(key), None, "{key}");
        }
    }

    /// The rule as first written, with the standard formatting: the hand-written digits
    /// must give the same text for every key.
    fn number_of_key_by_format(key: i64) -> Option<String> {
        if key <= 0 {
            return None;
        }
        let mut digits = (key >> 1).to_string();
        if key & 1 == 1 {
            if digits.len() != 12 || !digits.starts_with("55") {
                return None;
            }
            digits.insert(NINTH_AT, '9');
        }
        Some(format!("+{digits}"))
    }

    #[test]
    fn keys_read_back_as_the_formatting_rule_says() {
        let mut keys: Vec<i64> = (-3..2_000).collect();
        keys.extend([i64::MAX, i64::MAX - 1, i64::MIN]);
        // Around every power of ten, and around the 12-digit "55" range with either bit.
        let mut power = 1_i64;
        while let Some(next) = power.checked_mul(10) {
            keys.extend([power - 1, power, power + 1].map(|v| v * 2));
            keys.extend([power - 1, power, power + 1].map(|v| v * 2 + 1));
            power = next;
        }
        for digits in [
            550_000_000_000_i64,
            551_187_654_321,
            559_999_999_999,
            560_000_000_000,
        ] {
            keys.extend([digits * 2, digits * 2 + 1, (digits - 1) * 2 + 1]);
        }
        for key in keys {
            assert_eq!(number_of_key(key), number_of_key_by_format(key), "{key}");
        }
    }

    #[test]
    fn what_is_not_an_e164_number_has_no_key() {
        for bad in [
            "",
            "+",
            "5511987654321",
            "+05511987654321",
            "+55 11",
            "+1234567890123456",
            "+１",
            "+55119876543a1",
        ] {
            assert_eq!(phone_key(bad), None, "{bad:?}");
        }
    }

    /// Numbers of every shape near the rule's edges: lengths 0-17, with and without "+",
    /// "+55", a 9 and each digit after it, leading zeros, and a few characters that are
    /// not ASCII digits.
    fn awkward_numbers() -> Vec<String> {
        let mut numbers = vec![String::new(), "+".to_owned(), "+１２".to_owned()];
        // A small deterministic generator: the same numbers every run.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for prefix in ["+55", "+", "+0", "", "+5", "+550"] {
            for len in 0..=17_usize {
                for after_nine in 0..10_u8 {
                    let mut digits: Vec<u8> = (0..len).map(|_| b'0' + next(10) as u8).collect();
                    // "+55" + DDD + 9 + this digit, where the length allows.
                    if len > 3 {
                        digits[2] = b'9';
                        digits[3] = b'0' + after_nine;
                    }
                    let mut number = format!("{prefix}{}", String::from_utf8(digits).unwrap());
                    numbers.push(number.clone());
                    match next(8) {
                        0 => number.insert(number.len() / 2, ' '),
                        1 => number.push('a'),
                        2 => number.push('９'),
                        _ => continue,
                    }
                    numbers.push(number);
                }
            }
        }
        numbers
    }

    #[test]
    fn every_key_reads_back_as_its_number() {
        let numbers = awkward_numbers();
        let keyed = numbers.iter().filter(|n| phone_key(n).is_some()).count();
        assert!(
            keyed > 300 && keyed < numbers.len(),
            "{keyed} of {}",
            numbers.len()
        );
        for number in &numbers {
            if let Some(key) = phone_key(number) {
                assert_eq!(number_of_key(key).as_deref(), Some(number.as_str()));
            }
        }
    }

    /// The migration's SQL, run on a database made by the migrations before it with
    /// contacts already stored, gives each the key the app would.
    #[tokio::test]
    async fn the_migration_keys_the_stored_contacts_as_the_app_does() {
        let dir = tempfile::tempdir().unwrap();
        let (pool, key_migration) =
            crate::storage::migrated_before(&dir.path().join("old.sqlite3"), "contact phone key")
                .await;
        sqlx::query("INSERT INTO contact_lists (id, name, name_key) VALUES (1, 'a', 'a')")
            .execute(&pool)
            .await
            .unwrap();
        let numbers = awkward_numbers();
        for number in &numbers {
            sqlx::query(
                "INSERT INTO contacts (list_id, phone_e164, phone_original, line_kind)
                 VALUES (1, ?1, ?1, 'unknown')",
            )
            .bind(number)
            .execute(&pool)
            .await
            .unwrap();
        }
        sqlx::raw_sql(key_migration.sql.clone())
            .execute(&pool)
            .await
            .unwrap();
        let stored: Vec<(String, Option<i64>)> =
            sqlx::query_as("SELECT phone_e164, phone_key FROM contacts ORDER BY id")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(stored.len(), numbers.len());
        let mut with_bit = 0;
        for (number, key) in stored {
            assert_eq!(key, phone_key(&number), "{number:?}");
            with_bit += usize::from(key.is_some_and(|k| k & 1 == 1));
        }
        assert!(with_bit >= 4, "{with_bit} mobiles with an older form");
    }
}
