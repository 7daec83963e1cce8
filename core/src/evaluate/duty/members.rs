//! The bodies a duty-bearer names (乡镇人民政府、街道办事处 → a township government, a subdistrict
//! office), and whether an actor is among them.

use crate::actor::{recognise, Actor};
use crate::lexicon::Lexicon;

/// A duty-bearer of the index, with the bodies it names (found on first use).
#[derive(Debug, Clone, Copy)]
pub(super) struct Named<'a> {
    pub(super) name: &'a str,
    pub(super) members: &'a std::sync::OnceLock<Vec<Actor>>,
}

impl Named<'_> {
    /// Whether `actor` (recognised as `recognised`) is among the bodies the bearer names (乡镇人民政府、
    /// 街道办事处 …): named in its words, or a body of the same kind and level as one of them.
    pub(super) fn bears(&self, lex: &Lexicon, actor: &str, recognised: &Actor) -> bool {
        self.name.contains(actor)
            || members_bear(
                self.members.get_or_init(|| members(lex, self.name)),
                recognised,
            )
    }
}

/// For a department actor and a bearer that names departments by their fields (应急管理部门,
/// 公安机关, 民政部门): whether the actor's name holds one of those fields. A bearer naming no field
/// (有关部门), or an actor that is no department, passes.
pub(super) fn same_field(lex: &Lexicon, bearer: &str, actor: &str, a: &Actor) -> bool {
    if a.kind != Some(crate::actor::Kind::Department)
        || !(bearer.ends_with("部门") || bearer.ends_with("机关") || bearer.ends_with("机构"))
    {
        return true;
    }
    let fields: Vec<&str> = bearer
        .split(['、', '和', '及', '与', '，'])
        .map(|p| {
            let p = strip_levels(lex, p.trim_start_matches("以及"));
            let p = p.strip_prefix("人民政府").unwrap_or(p);
            [
                "等主管部门",
                "等有关部门",
                "等部门",
                "主管部门",
                "部门",
                "机关",
                "机构",
                "等",
            ]
            .iter()
            .fold(p, |p, s| p.strip_suffix(s).unwrap_or(p))
        })
        .filter(|f| !f.is_empty() && !lex.generic_fields.iter().any(|g| g == f))
        .collect();
    fields.is_empty() || fields.iter().any(|f| actor.contains(f))
}

/// Whether the data's bearer kinds reach a recognised actor: a pattern naming a kind that matches
/// it, or `unit` (任何单位, 有关单位), which any recognised body is.
pub(super) fn kinds_bear(kinds: &[String], a: &Actor) -> bool {
    kinds.iter().any(|k| {
        if k.ends_with("/unit") {
            return a.kind.is_some();
        }
        crate::actor::ActorPattern::parse(k)
            .is_some_and(|p| p.kind.is_some() && p.matches(a) == crate::tri::Tri::True)
    })
}

/// Whether a body recognised as `a` is among `members` (see [`members`]).
pub(super) fn members_bear(members: &[Actor], a: &Actor) -> bool {
    members.iter().any(|b| {
        b.kind.is_some()
            && b.kind == a.kind
            && (b.level.is_none() || a.level.is_none() || b.level == a.level)
    })
}

/// The bodies a bearer names, as [`Named::bears`] compares an actor with them (乡镇人民政府、街道办事处 →
/// a township government, a subdistrict office).
pub(super) fn members(lex: &Lexicon, bearer: &str) -> Vec<Actor> {
    use crate::actor::Kind;
    let parts: Vec<String> = bearer
        .split(['、', '和', '及', '与', '，'])
        .map(|p| p.trim_start_matches("以及"))
        .flat_map(split_alternative)
        .filter(|p| !p.is_empty())
        .collect();
    // bare level words share the organ of the next part that names one: 市、县、区人民政府有关部门 =
    // 市人民政府有关部门 …; with no organ at all (市及区（市）县) they name the governments of those levels
    let organ_after = |i: usize| {
        parts[i..]
            .iter()
            .map(|p| strip_levels(lex, p))
            .find(|o| !o.is_empty())
            .unwrap_or("人民政府")
            .to_string()
    };
    let bodies: Vec<Actor> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if strip_levels(lex, p).is_empty() {
                recognise(&lex.actors, &format!("{p}{}", organ_after(i)))
            } else {
                recognise(&lex.actors, p)
            }
        })
        .collect();
    // in a list of departments (市及区（市）县人民政府公安、民政…等主管部门) the government names only qualify them
    // (but 县（区）人民政府及其…部门 names the government and its departments)
    let its_own = bearer.contains("及其");
    let departments = !its_own
        && bodies
            .last()
            .is_some_and(|b| b.kind == Some(Kind::Department));
    bodies
        .into_iter()
        .filter(|b| !(departments && b.kind == Some(Kind::Government)))
        .collect()
}

/// The part of a name after its level words (县（区）人民政府 → 人民政府; 市 → ""): the lexicon's
/// `level_prefixes`, stripped in order until none is left at the start.
fn strip_levels<'p>(lex: &Lexicon, p: &'p str) -> &'p str {
    let mut rest = p;
    loop {
        let before = rest;
        for w in &lex.level_prefixes {
            rest = rest.strip_prefix(w.as_str()).unwrap_or(rest);
        }
        if rest == before {
            return rest;
        }
    }
}

/// 镇人民政府（街道办事处） names two bodies; 县（区）人民政府 names one.
fn split_alternative(part: &str) -> Vec<String> {
    if let (Some(open), Some(close)) = (part.find('（'), part.find('）')) {
        let inner = &part[open + '（'.len_utf8()..close];
        if close > open && inner.chars().count() >= 3 {
            let outer = format!("{}{}", &part[..open], &part[close + '）'.len_utf8()..]);
            return vec![outer, inner.to_string()];
        }
    }
    vec![part.to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> &'static Lexicon {
        Lexicon::get().unwrap()
    }

    fn bears(lex: &Lexicon, bearer: &str, actor: &str) -> bool {
        let members = std::sync::OnceLock::new();
        let named = Named {
            name: bearer,
            members: &members,
        };
        named.bears(lex, actor, &recognise(&lex.actors, actor))
    }

    #[test]
    fn actor_membership() {
        assert!(bears(lex(), "乡镇人民政府、街道办事处", "街道办事处"));
        assert!(bears(lex(), "乡镇人民政府、街道办事处", "镇人民政府"));
        assert!(!bears(lex(), "县（区）人民政府", "乡人民政府"));
        assert!(bears(lex(), "县（区）人民政府", "区人民政府"));
        assert!(bears(
            lex(),
            "县（区）人民政府及其卫生健康等相关部门",
            "县人民政府"
        ));
        assert!(!bears(
            lex(),
            "市及区（市）县人民政府公安、民政、生态环境等主管部门",
            "区人民政府"
        ));
    }
}
