//! Chinese numerals as used in article numbering (一 … 九百九十九).

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

fn digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' => Some(0),
        '两' => Some(2),
        _ => DIGITS.iter().position(|&d| d == c).map(|p| p as u32),
    }
}

/// Parses a Chinese numeral from 1 to 999 (`十五`, `二十四`, `一百零五`, `九百九十九`).
/// Returns `None` for anything else, including an empty string and malformed forms such as `十十`.
pub fn parse(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() || chars.len() > 5 {
        return None;
    }
    let mut total = 0u32;
    let mut pending: Option<u32> = None; // a digit waiting for its unit
    let mut last_unit = 1000u32; // units must strictly decrease
    let mut saw_zero = false;
    for &c in &chars {
        match c {
            '百' | '十' => {
                let unit = if c == '百' { 100 } else { 10 };
                if unit >= last_unit {
                    return None;
                }
                // 十 alone at the start means 一十; 百 needs an explicit digit
                let d = match pending.take() {
                    Some(d) if d > 0 => d,
                    None if unit == 10 && total == 0 && !saw_zero => 1,
                    None if unit == 10 && saw_zero => return None,
                    _ => return None,
                };
                total += d * unit;
                last_unit = unit;
            }
            _ => {
                let d = digit(c)?;
                if pending.is_some() {
                    return None;
                }
                if d == 0 {
                    // 零 only between 百 and a units digit (一百零五)
                    if last_unit != 100 || saw_zero {
                        return None;
                    }
                    saw_zero = true;
                    last_unit = 10;
                } else {
                    pending = Some(d);
                }
            }
        }
    }
    if let Some(d) = pending {
        if last_unit == 1000 || last_unit > 1 {
            // a trailing units digit after a unit, or a lone digit
            if last_unit == 100 && !saw_zero {
                return None; // 一百五 is colloquial for 150; not used in legal numbering
            }
            total += d;
        } else {
            return None;
        }
    } else if saw_zero {
        return None; // 一百零 with nothing after
    }
    if total == 0 {
        None
    } else {
        Some(total)
    }
}

/// Formats 1..=999 as a Chinese numeral (the inverse of [`parse`]). Panics never; returns `None`
/// outside the range.
pub fn format(n: u32) -> Option<String> {
    if n == 0 || n > 999 {
        return None;
    }
    let (h, t, u) = (n / 100, (n / 10) % 10, n % 10);
    let mut s = String::new();
    if h > 0 {
        s.push(DIGITS[h as usize]);
        s.push('百');
        if t == 0 && u > 0 {
            s.push('零');
        }
    }
    if t > 0 {
        if !(h == 0 && t == 1) {
            s.push(DIGITS[t as usize]);
        }
        s.push('十');
    }
    if u > 0 {
        s.push(DIGITS[u as usize]);
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_values() {
        for (s, n) in [
            ("一", 1),
            ("十", 10),
            ("十五", 15),
            ("二十", 20),
            ("二十四", 24),
            ("五十二", 52),
            ("七十七", 77),
            ("一百", 100),
            ("一百零五", 105),
            ("一百一十", 110),
            ("九百九十九", 999),
        ] {
            assert_eq!(parse(s), Some(n), "{s}");
            assert_eq!(format(n).as_deref(), Some(s));
        }
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "零",
            "十十",
            "百",
            "一百零",
            "二二",
            "一千",
            "abc",
            "五十二条",
            "一百五",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(n in 1u32..=999) {
            prop_assert_eq!(parse(&format(n).unwrap()), Some(n));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,8}") {
            let _ = parse(&s);
        }
    }
}
