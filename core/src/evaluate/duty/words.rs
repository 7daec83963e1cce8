//! The duty words of a question: its question words and the regulation's names stripped, its
//! short forms written out; and a quick test of which words a text may hold.

use crate::lexicon::Lexicon;
use crate::text::Regulation;

/// A set of characters, as a mask of their code points modulo 128: a word with a character not
/// in the set is not in the text the set was made of (the text's own `contains` settles the rest).
#[derive(Debug, Clone, Copy)]
pub(super) struct CharMask(u128);

impl CharMask {
    pub(super) fn of(s: &str) -> CharMask {
        CharMask(s.chars().fold(0, |m, c| m | CharMask::bit(c)))
    }

    fn bit(c: char) -> u128 {
        1u128 << (c as u32 % 128)
    }

    /// False when `w` is surely not in the text.
    pub(super) fn may_contain(self, w: &str) -> bool {
        self.holds(CharMask::of(w))
    }

    /// False when a word of characters `w` is surely not in the text.
    fn holds(self, w: CharMask) -> bool {
        w.0 & !self.0 == 0
    }
}

/// The names of a regulation that a question's words may carry.
#[derive(Debug)]
pub(super) struct Noise {
    /// The city without 市.
    city: String,
    /// Its title and the aliases with 条例, longest first, then the lexicon's `question_words`: the words
    /// removed, in order, each with its characters.
    words: Vec<(String, CharMask)>,
    /// The lexicon's short forms (of bodies, of utilities) and the texts' full forms.
    short_names: Vec<[String; 2]>,
}

impl Noise {
    pub(super) fn of(lex: &Lexicon, reg: &Regulation) -> Noise {
        let mut names: Vec<String> = reg
            .meta
            .aliases
            .iter()
            .filter(|a| a.contains("条例"))
            .cloned()
            .collect();
        names.push(reg.meta.title.clone());
        crate::sort::by_key(&mut names, |n| std::cmp::Reverse(n.chars().count()));
        let words = names
            .into_iter()
            .chain(lex.question_words.iter().cloned())
            .map(|w| {
                let chars = CharMask::of(&w);
                (w, chars)
            })
            .collect();
        Noise {
            city: reg.meta.city.trim_end_matches('市').to_string(),
            words,
            short_names: lex.short_names.clone(),
        }
    }

    /// The duty a question names, without its question words and the regulation's name: a form
    /// may put the whole question (海东条例规定社区网格化管理服务具体由谁负责？) where the duty belongs.
    pub(super) fn duty_words(&self, question: &str) -> String {
        let mut q: String = if question.contains(char::is_whitespace) {
            question.chars().filter(|c| !c.is_whitespace()).collect()
        } else {
            question.to_string()
        };
        // what a question shortens (村（居）委会, 居委会, 水电气) the texts write out
        for [short, full] in &self.short_names {
            if q.contains(short.as_str()) {
                q = q.replace(short.as_str(), full);
            }
        }
        // removing words only removes characters: the set of the first text's holds for every later one
        let chars = CharMask::of(&q);
        // 《…》 titles
        while let (Some(a), Some(b)) = (q.find('《'), q.find('》')) {
            if b < a {
                break;
            }
            q.replace_range(a..b + '》'.len_utf8(), "");
        }
        for (w, w_chars) in &self.words {
            if chars.holds(*w_chars) && q.contains(w.as_str()) {
                q = q.replace(w.as_str(), "");
            }
        }
        if q.starts_with(&self.city) {
            q = q[self.city.len()..].trim_start_matches('市').to_string();
        }
        q.trim_matches(['，', '、', '：', '。']).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> &'static Lexicon {
        Lexicon::get().unwrap()
    }

    fn duty_words(lex: &Lexicon, question: &str, reg: &Regulation) -> String {
        Noise::of(lex, reg).duty_words(question)
    }

    #[test]
    fn question_words_are_not_duty_words() {
        let reg = crate::Corpus::get().unwrap().regulation("haidong").unwrap();
        assert_eq!(
            duty_words(lex(), "海东条例规定社区网格化管理服务具体由谁负责？", reg),
            "社区网格化管理服务具体负责"
        );
        assert_eq!(
            duty_words(
                lex(),
                "根据《海东市基层社会治理促进条例》，谁组织制定社区工作事项清单?",
                reg
            ),
            "组织制定社区工作事项清单"
        );
    }
}
