//! The duty-bearer a sentence names at its start (县（区）人民政府应当…), found by the lexicon's
//! duty markers, bearer endings and condition words.

use crate::lexicon::Lexicon;

/// The duty-bearer at the start of a sentence: the text before the first duty marker, when it
/// ends in the name of a body (县（区）人民政府, 镇人民政府（街道办事处）, 乡镇人民政府、街道办事处). A leading
/// condition (发生突发事件时，/ 对…的，) is skipped, and a list of bodies may run over commas.
pub fn bearer_of(lex: &Lexicon, sentence: &str) -> Option<String> {
    if let Some(b) = subject_before_marker(lex, sentence) {
        return Some(b);
    }
    // skip leading clauses that set a condition or circumstance, one comma at a time
    let mut rest = sentence;
    while let Some((clause, after)) = rest.split_once('，') {
        let conditional = lex
            .condition_endings
            .iter()
            .any(|e| clause.ends_with(e.as_str()))
            || lex
                .condition_starts
                .iter()
                .any(|s| clause.starts_with(s.as_str()));
        if !conditional {
            break;
        }
        let after_by = after.strip_prefix('由').unwrap_or(after); // …的，由县（区）人民政府按照…
        if let Some(b) = subject_before_marker(lex, after_by) {
            return Some(b);
        }
        rest = after;
    }
    if let Some(b) = body_in_scope(lex, sentence) {
        return Some(b);
    }
    // the clause of the first modal verb may name its own subject (引导…，镇人民政府…应当给予支持)
    let first_modal = lex.markers(sentence).find(|(_, modal)| *modal)?.0;
    let clause_start = sentence[..first_modal]
        .rfind('，')
        .map(|i| i + '，'.len_utf8())?;
    let head = &sentence[clause_start..first_modal];
    is_body(lex, head).then(|| head.to_string())
}

/// A body followed by the scope of its action (…街道办事处在各自职责范围内，对…进行监督).
fn body_in_scope(lex: &Lexicon, sentence: &str) -> Option<String> {
    ['在', '对'].iter().find_map(|m| {
        let pos = sentence.find(*m)?;
        let head = &sentence[..pos];
        (!head.contains(['，', '。', '；']) && is_body(lex, head) && !starts_with_verb(lex, head))
            .then(|| head.to_string())
    })
}

/// A subject made of a relative clause (负责矛盾纠纷多元预防化解指导工作的机构).
fn relative_subject(lex: &Lexicon, head: &str) -> bool {
    head.rsplit_once('的')
        .is_some_and(|(_, noun)| is_body(lex, noun))
}

/// A head that opens with a verb (支持专业化社会救援队伍…) is an object, not a subject: a duty marker
/// or one of the lexicon's `object_openers`.
fn starts_with_verb(lex: &Lexicon, head: &str) -> bool {
    lex.modals
        .iter()
        .chain(&lex.verbs)
        .chain(&lex.object_openers)
        .any(|v| head.starts_with(v.as_str()))
}

fn is_body(lex: &Lexicon, s: &str) -> bool {
    lex.bearer_endings.iter().any(|e| s.ends_with(e.as_str()))
}

fn subject_before_marker(lex: &Lexicon, sentence: &str) -> Option<String> {
    for (i, modal) in lex.markers(sentence) {
        let mut head = sentence[..i].trim_end_matches(['，', '、']);
        while let Some(a) = lex.adverbs.iter().find(|a| head.ends_with(a.as_str())) {
            head = &head[..head.len() - a.len()];
        }
        if head.contains(['。', '；', '：']) {
            return None;
        }
        // a body doing something at a time (市人民政府有关部门在公开招聘…时，可以…)
        if let Some(pos) = head.find('在') {
            if is_body(lex, &head[..pos]) {
                return Some(head[..pos].to_string());
            }
        }
        if head.contains('，') {
            // a list of bodies over commas (…等有关部门，以及村（居）法律顾问，应当): every part a body
            let all_bodies = head
                .split('，')
                .all(|p| is_body(lex, p.trim_start_matches("以及").trim_start_matches('和')));
            if all_bodies {
                return Some(head.to_string());
            }
            return None;
        }
        if head.is_empty() {
            continue;
        }
        if starts_with_verb(lex, head) && !relative_subject(lex, head) {
            if modal {
                return None;
            }
            continue;
        }
        let level = || lex.level_endings.iter().any(|e| head.ends_with(e.as_str()));
        if is_body(lex, head) || (modal && level()) {
            return Some(head.to_string());
        }
        if modal {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::duty::duty_index;

    fn lex() -> &'static Lexicon {
        Lexicon::get().unwrap()
    }

    #[test]
    fn finds_the_duty_bearer() {
        assert_eq!(
            bearer_of(lex(), "县（区）人民政府应当组织制定社区工作事项清单").as_deref(),
            Some("县（区）人民政府")
        );
        assert_eq!(
            bearer_of(
                lex(),
                "镇人民政府（街道办事处）组织落实本辖区内社会治理工作，应当履行下列职责："
            )
            .as_deref(),
            Some("镇人民政府（街道办事处）")
        );
        assert_eq!(
            bearer_of(
                lex(),
                "乡镇人民政府、街道办事处负责基层社会治理的具体工作，"
            )
            .as_deref(),
            Some("乡镇人民政府、街道办事处")
        );
        assert_eq!(
            bearer_of(
                lex(),
                "乡镇人民政府、街道办事处依法履行基层社会治理工作中的"
            )
            .as_deref(),
            Some("乡镇人民政府、街道办事处")
        );
        assert_eq!(
            bearer_of(lex(), "支持乡镇人民政府、街道办事处通过购买服务的形式"),
            None
        );
        assert_eq!(
            bearer_of(lex(), "各类社会组织应当参与"),
            Some("各类社会组织".into())
        );
        assert_eq!(
            bearer_of(
                lex(),
                "乡镇人民政府、街道办事处具体负责基层网格化管理服务工作。"
            )
            .as_deref(),
            Some("乡镇人民政府、街道办事处")
        );
        assert_eq!(
            bearer_of(lex(), "县（区）人民政府应急部门指导乡镇人民政府").as_deref(),
            Some("县（区）人民政府应急部门")
        );
        assert_eq!(
            bearer_of(
                lex(),
                "市及区（市）县应当制定居（村）民委员会依法自治工作事项清单"
            )
            .as_deref(),
            Some("市及区（市）县")
        );
        assert_eq!(
            bearer_of(lex(), "对列入协助政府工作事项清单的工作，应当进行书面委托"),
            None
        );
        assert_eq!(
            bearer_of(
                lex(),
                "发生突发事件时，县（区）人民政府应当及时指派相关部门进驻社区开展工作。"
            )
            .as_deref(),
            Some("县（区）人民政府")
        );
        assert_eq!(
            bearer_of(lex(), "县（区）人民法院、人民检察院、公安机关、司法行政等有关部门，以及村（居）法律顾问，应当在司法活动中宣传").as_deref(),
            Some("县（区）人民法院、人民检察院、公安机关、司法行政等有关部门，以及村（居）法律顾问")
        );
        assert_eq!(
            bearer_of(
                lex(),
                "市、县（区）人大常委会应当加强对基层社会治理工作的监督"
            )
            .as_deref(),
            Some("市、县（区）人大常委会")
        );
    }

    /// The markers found in one scan are those each marker's own search finds, in the same order.
    #[test]
    fn one_scan_finds_every_marker() {
        let lex = lex();
        let corpus = crate::Corpus::get().unwrap();
        let mut texts = vec![
            "".to_string(),
            "将将将".into(),
            "不得不得应当负责可以".into(),
        ];
        let base = crate::norm::NormBase::get().unwrap();
        for reg in &corpus.regulations {
            let file = base.file(&reg.meta.key).unwrap();
            texts.extend(duty_index(file).into_iter().map(|d| d.sentence));
        }
        for t in &texts {
            let mut by_marker: Vec<(usize, bool)> = lex
                .modals
                .iter()
                .flat_map(|m| t.match_indices(m.as_str()).map(|(i, _)| (i, true)))
                .chain(
                    lex.verbs
                        .iter()
                        .flat_map(|v| t.match_indices(v.as_str()).map(|(i, _)| (i, false))),
                )
                .collect();
            by_marker.sort_unstable();
            let scanned: Vec<(usize, bool)> = lex.markers(t).collect();
            assert_eq!(scanned, by_marker, "{t}");
        }
    }
}
