//! Actors: level × kind, recognised from the free Chinese names used in practice
//! (县民政局, 区人力资源和社会保障局, 乡人民政府, 街道办事处, 居委会, 网格员, 区人民法院, 市妇联 …).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The administrative level of a body, as the regulations distinguish them (`city` in JSON and
/// `level/kind` patterns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// A province (省): above every body the regulations name.
    Province,
    /// A city (市), e.g. 大连市, and its bodies (市民政局).
    City,
    /// County, county-level city and district (县、县级市、区、区(市)县).
    County,
    /// Township, town and street (乡、镇、街道).
    Township,
    /// Villages and communities.
    Community,
}

/// What sort of body an actor is (`department` in JSON and `level/kind` patterns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A people's government (人民政府) itself, not one of its departments.
    Government,
    /// A working department or office of a government (民政局, 卫生健康委员会, 政府办公室 …).
    Department,
    /// A street office (街道办事处): the organ a district government sends out, at township level.
    StreetOffice,
    /// Residents' or villagers' committee (居民委员会, 村民委员会, 居委会 …).
    Committee,
    /// A community (社区, 城乡社区) as a body.
    Community,
    /// A grid (网格) of grid-based governance.
    Grid,
    /// Grid staff (网格员, 网格化服务管理人员).
    GridStaff,
    /// A people's court (人民法院).
    Court,
    /// A people's procuratorate (人民检察院).
    Procuratorate,
    /// A mass organisation (群团组织): trade union, Youth League, women's federation (妇联) …
    MassOrganization,
    /// An enterprise (企业, 公司), e.g. a property-management company.
    Enterprise,
    /// A social organisation (社会组织, 协会, 基金会), or an owners' committee (业主委员会).
    SocialOrganization,
    /// A Party organ (党委, 党工委, 党支部, 政法委 …).
    PartyCommittee,
    /// The people's congress or its standing committee.
    Congress,
    /// A vertically managed state organ (税务局, 海关, 气象局): not a department of the local government.
    VerticalAgency,
}

impl Level {
    /// Parses a level name: `province`, `city`, `county` (or `district`), `township` (or `town`,
    /// `street`), `community` (or `village`).
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "province" => Level::Province,
            "city" => Level::City,
            "county" | "district" => Level::County,
            "township" | "town" | "street" => Level::Township,
            "community" | "village" => Level::Community,
            _ => return None,
        })
    }

    /// The canonical name (`county` for a district).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Township => "township",
            Level::Community => "community",
        }
    }
}

impl Kind {
    /// Parses a kind name as [`Kind::as_str`] gives it (`street-office`, `grid-staff` …); British
    /// spellings (`mass-organisation`) are accepted too.
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "government" => Kind::Government,
            "department" => Kind::Department,
            "street-office" => Kind::StreetOffice,
            "committee" => Kind::Committee,
            "community" => Kind::Community,
            "grid" => Kind::Grid,
            "grid-staff" => Kind::GridStaff,
            "court" => Kind::Court,
            "procuratorate" => Kind::Procuratorate,
            "mass-organization" | "mass-organisation" => Kind::MassOrganization,
            "enterprise" => Kind::Enterprise,
            "social-organization" | "social-organisation" => Kind::SocialOrganization,
            "party-committee" => Kind::PartyCommittee,
            "congress" => Kind::Congress,
            "vertical-agency" => Kind::VerticalAgency,
            _ => return None,
        })
    }

    /// The kebab-case name, e.g. `street-office`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Government => "government",
            Kind::Department => "department",
            Kind::StreetOffice => "street-office",
            Kind::Committee => "committee",
            Kind::Community => "community",
            Kind::Grid => "grid",
            Kind::GridStaff => "grid-staff",
            Kind::Court => "court",
            Kind::Procuratorate => "procuratorate",
            Kind::MassOrganization => "mass-organization",
            Kind::Enterprise => "enterprise",
            Kind::SocialOrganization => "social-organization",
            Kind::PartyCommittee => "party-committee",
            Kind::Congress => "congress",
            Kind::VerticalAgency => "vertical-agency",
        }
    }

    /// A committee or a community: the addressees of the work-item list rules.
    pub fn is_committee_like(self) -> bool {
        matches!(self, Kind::Committee | Kind::Community)
    }

    /// A grid or grid staff: the addressees of the grid rules.
    pub fn is_grid_like(self) -> bool {
        matches!(self, Kind::Grid | Kind::GridStaff)
    }
}

/// An actor as far as it is known: either part may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Actor {
    /// Its level; `None` when the name does not say.
    pub level: Option<Level>,
    /// Its kind; `None` when the name does not say.
    pub kind: Option<Kind>,
}

impl Actor {
    /// The actor in Chinese (县（区）级政府部门; （级别不明） or （类别不明） for an unknown part).
    pub fn zh(&self) -> String {
        self.in_zh().to_string()
    }

    /// [`Actor::zh`] as text to format (nothing is formatted until it is written: a reasoning
    /// step that is dropped does not pay for it).
    pub fn in_zh(&self) -> impl fmt::Display {
        struct Zh(Actor);
        impl fmt::Display for Zh {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.level.map(Level::zh).unwrap_or("（级别不明）"))?;
                f.write_str(self.0.kind.map(Kind::zh).unwrap_or("（类别不明）"))
            }
        }
        Zh(*self)
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}",
            self.level.map(Level::as_str).unwrap_or("?"),
            self.kind.map(Kind::as_str).unwrap_or("?")
        )
    }
}

/// The word lists actor recognition reads: `[actors]` of regulations/lexicon.toml (heuristics of
/// naming practice, not law; see the file's comments for each), validated and indexed when the
/// lexicon loads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorWords {
    /// Name patterns and the kind each names, in priority order: the first found in a name decides.
    pub kind_patterns: Vec<(String, Kind)>,
    /// Township-seated organs of county departments (派出所, 司法所 …).
    pub dispatched_organs: Vec<String>,
    /// What ends an organ's name after 政府 (区政府办 is a department).
    pub government_organs: Vec<String>,
    /// Words with a level character that name no level (城乡, 市场 …).
    pub place_words: Vec<String>,
    /// Words that put a body at township level.
    pub township_words: Vec<String>,
    /// The patterns by their first character (sorted), each with its position in the list:
    /// recognition looks at each character of a name once instead of searching the name for every
    /// pattern in turn (built by [`ActorWords::index`]).
    #[serde(skip)]
    by_first_char: Vec<(char, Vec<usize>)>,
}

impl ActorWords {
    /// Checks the lists (none empty, no empty word, no repeat) and builds the first-character
    /// index; the message says what is wrong.
    pub fn index(&mut self) -> Result<(), String> {
        let patterns: Vec<String> = self.kind_patterns.iter().map(|(p, _)| p.clone()).collect();
        for (name, list) in [
            ("kind_patterns", &patterns),
            ("dispatched_organs", &self.dispatched_organs),
            ("government_organs", &self.government_organs),
            ("place_words", &self.place_words),
            ("township_words", &self.township_words),
        ] {
            if list.is_empty() {
                return Err(format!("`actors.{name}` is empty"));
            }
            for (i, w) in list.iter().enumerate() {
                if w.trim().is_empty() {
                    return Err(format!("`actors.{name}` has an empty word"));
                }
                if list[..i].contains(w) {
                    return Err(format!("`actors.{name}` repeats `{w}`"));
                }
            }
        }
        let mut table: Vec<(char, Vec<usize>)> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let c = p.chars().next().expect("checked not empty");
            match table.iter_mut().find(|(k, _)| *k == c) {
                Some((_, v)) => v.push(i),
                None => table.push((c, vec![i])),
            }
        }
        crate::sort::by_key(&mut table, |(c, _)| *c);
        self.by_first_char = table;
        Ok(())
    }

    /// The kind named by the first pattern (in list order) that occurs anywhere in the name.
    fn kind_in(&self, n: &str) -> Option<Kind> {
        let table = &self.by_first_char;
        let mut best = usize::MAX;
        for (at, c) in n.char_indices() {
            let Ok(slot) = table.binary_search_by_key(&c, |(k, _)| *k) else {
                continue;
            };
            let rest = &n[at..];
            for &i in table[slot].1.iter().take_while(|&&i| i < best) {
                if rest.starts_with(self.kind_patterns[i].0.as_str()) {
                    best = i;
                    break;
                }
            }
        }
        self.kind_patterns.get(best).map(|(_, k)| *k)
    }
}

/// Recognises an actor from its Chinese name. Either part is `None` when the name does not say.
/// `words` are the lexicon's (`Lexicon::actors`).
pub fn recognise(words: &ActorWords, name: &str) -> Actor {
    // bulk callers ask about the same few bodies over and over: each thread remembers the names it
    // has read (a bounded table, emptied when full or when other words are used; recognition is a
    // pure function of the words and the name). FxHash: SipHash took ~150 instructions a name; the
    // bound keeps colliding names harmless
    const REMEMBERED: usize = 4096;
    type Seen = (usize, rustc_hash::FxHashMap<String, Actor>);
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::new(Default::default());
    }
    let by = words as *const ActorWords as usize;
    SEEN.with(|seen| {
        if let Some(a) = seen.borrow().1.get(name).filter(|_| seen.borrow().0 == by) {
            return *a;
        }
        let a = read_name(words, name);
        let mut seen = seen.borrow_mut();
        if seen.0 != by || seen.1.len() >= REMEMBERED {
            seen.0 = by;
            seen.1.clear();
        }
        seen.1.insert(name.to_string(), a);
        a
    })
}

/// [`recognise`] without the memory of names already read.
fn read_name(words: &ActorWords, name: &str) -> Actor {
    let mut n = String::with_capacity(name.len());
    n.extend(
        name.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                c => c,
            }),
    );
    let n = n.trim_start_matches("某");
    // the kind is named by the first pattern found at the end of the name's core noun; searching the
    // whole name for the most specific pattern first handles 社区居委会 (a committee) and 区民政局
    let kind = words.kind_in(n);
    // an organ of a government (区政府办, 区政府应急办, 县政府办公室) is a department, not the government
    let kind = match kind {
        Some(Kind::Government) if organ_after_government(words, n) => Some(Kind::Department),
        k => k,
    };
    // a dispatched organ of a county-level department seated in a township (公安派出所, 司法所 …)
    // acts for its department, whatever place name it carries
    if kind == Some(Kind::Department)
        && words
            .dispatched_organs
            .iter()
            .any(|d| n.ends_with(d.as_str()))
    {
        return Actor {
            level: Some(Level::County),
            kind,
        };
    }
    let level = implied_level(kind).or_else(|| level_prefix(words, n));
    // a township has no departments of its own: its offices and centres (镇综治中心, 乡政府办公室)
    // are the township government's organs and act for it
    let kind = match (kind, level) {
        (Some(Kind::Department), Some(Level::Township)) => Some(Kind::Government),
        (k, _) => k,
    };
    Actor { level, kind }
}

fn organ_after_government(words: &ActorWords, n: &str) -> bool {
    let Some(pos) = n.rfind("政府") else {
        return false;
    };
    let after = &n[pos + "政府".len()..];
    !after.is_empty()
        && words
            .government_organs
            .iter()
            .any(|o| after.ends_with(o.as_str()))
}

/// The level some kinds always have: a street office is at township level, committees and grids at
/// community level.
pub fn implied_level(kind: Option<Kind>) -> Option<Level> {
    match kind {
        Some(Kind::Committee | Kind::Community | Kind::Grid | Kind::GridStaff) => {
            Some(Level::Community)
        }
        Some(Kind::StreetOffice) => Some(Level::Township),
        _ => None,
    }
}

fn level_prefix(words: &ActorWords, name: &str) -> Option<Level> {
    let mut n = name.trim_start_matches(['本', '该', '某']).to_string();
    for w in &words.place_words {
        if n.contains(w.as_str()) {
            n = n.replace(w.as_str(), "");
        }
    }
    if words.township_words.iter().any(|p| n.contains(p.as_str())) || n.starts_with(['乡', '镇'])
    {
        return Some(Level::Township);
    }
    if n.contains("县级市") || n.contains("区(市)县") || n.starts_with(['县', '区']) {
        return Some(Level::County);
    }
    if n.starts_with('省') {
        return Some(Level::Province);
    }
    if n.starts_with('市') {
        return Some(Level::City);
    }
    // a place name before the organ: the last level character decides (大连市西岗区民政局 → county)
    match n
        .chars()
        .rfind(|c| matches!(c, '省' | '市' | '县' | '区' | '乡' | '镇'))
    {
        Some('省') => Some(Level::Province),
        Some('市') => Some(Level::City),
        Some('县' | '区') => Some(Level::County),
        Some('乡' | '镇') => Some(Level::Township),
        _ => None,
    }
}

impl Level {
    /// The level in Chinese, e.g. 县（区）级.
    pub fn zh(self) -> &'static str {
        match self {
            Level::Province => "省级",
            Level::City => "市级",
            Level::County => "县（区）级",
            Level::Township => "乡镇（街道）",
            Level::Community => "村（社区）",
        }
    }
}

impl Kind {
    /// The kind in Chinese, e.g. 政府部门.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Government => "人民政府",
            Kind::Department => "政府部门",
            Kind::StreetOffice => "街道办事处",
            Kind::Committee => "居（村）民委员会",
            Kind::Community => "社区",
            Kind::Grid => "网格",
            Kind::GridStaff => "网格员",
            Kind::Court => "人民法院",
            Kind::Procuratorate => "人民检察院",
            Kind::MassOrganization => "群团组织",
            Kind::Enterprise => "企业",
            Kind::SocialOrganization => "社会组织",
            Kind::PartyCommittee => "党组织",
            Kind::Congress => "人大及其常委会",
            Kind::VerticalAgency => "垂直管理部门",
        }
    }
}

/// Describes `level/kind` patterns in Chinese and English (县（区）级政府部门 / county department).
pub fn describe(patterns: &[String]) -> (String, String) {
    let parsed: Vec<ActorPattern> = patterns
        .iter()
        .filter_map(|p| ActorPattern::parse(p))
        .collect();
    let zh = parsed
        .iter()
        .map(|p| match (p.level, p.kind) {
            (None, None) => "任何单位或者组织".to_string(),
            (l, k) => format!(
                "{}{}",
                l.map(Level::zh).unwrap_or("各级"),
                k.map(Kind::zh).unwrap_or("单位")
            ),
        })
        .collect::<Vec<_>>()
        .join("、");
    let en = parsed
        .iter()
        .map(|p| match (p.level, p.kind) {
            (None, None) => "any unit or organisation".to_string(),
            (l, k) => format!(
                "{} {}",
                l.map(Level::as_str).unwrap_or("any-level"),
                k.map(Kind::as_str).unwrap_or("body")
            ),
        })
        .collect::<Vec<_>>()
        .join(", ");
    (zh, en)
}

/// A pattern `level/kind` from the norm data (`county/department`, `*/government`, `*/*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorPattern {
    /// The level wanted; `None` for `*` (any).
    pub level: Option<Level>,
    /// The kind wanted; `None` for `*` (any).
    pub kind: Option<Kind>,
}

impl ActorPattern {
    /// Parses `level/kind`, either part `*`; `None` for anything else.
    pub fn parse(s: &str) -> Option<ActorPattern> {
        let (l, k) = s.split_once('/')?;
        let level = if l == "*" {
            None
        } else {
            Some(Level::parse(l)?)
        };
        let kind = if k == "*" {
            None
        } else {
            Some(Kind::parse(k)?)
        };
        Some(ActorPattern { level, kind })
    }

    /// Whether the pattern reaches the actor: unknown when a part it needs is unknown.
    pub fn matches(&self, a: &Actor) -> crate::tri::Tri {
        use crate::tri::Tri;
        fn part<T: PartialEq>(want: Option<T>, have: Option<T>) -> Tri {
            match (want, have) {
                (None, _) => Tri::True,
                (Some(_), None) => Tri::Unknown,
                (Some(w), Some(h)) => Tri::from(w == h),
            }
        }
        part(self.level, a.level).and(part(self.kind, a.kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> &'static ActorWords {
        &crate::lexicon::Lexicon::embedded().actors
    }

    #[test]
    fn remembered_names_read_as_when_first_read() {
        // more names than the table holds, each asked twice
        for round in 0..2 {
            for i in 0..5000 {
                let name = format!("第{i}区民政局");
                assert_eq!(
                    recognise(words(), &name),
                    read_name(words(), &name),
                    "{name} round {round}"
                );
            }
        }
        assert_eq!(
            recognise(words(), "县民政局"),
            recognise(words(), "县民政局")
        );
    }

    fn r(name: &str) -> (Option<Level>, Option<Kind>) {
        let a = recognise(words(), name);
        (a.level, a.kind)
    }

    #[test]
    fn recognises_names_used_in_practice() {
        use Kind::*;
        use Level::*;
        assert_eq!(r("县民政局"), (Some(County), Some(Department)));
        assert_eq!(
            r("区人力资源和社会保障局"),
            (Some(County), Some(Department))
        );
        assert_eq!(r("某区民政局"), (Some(County), Some(Department)));
        assert_eq!(r("区卫生健康委员会"), (Some(County), Some(Department)));
        assert_eq!(r("市民政局"), (Some(City), Some(Department)));
        assert_eq!(r("乡人民政府"), (Some(Township), Some(Government)));
        assert_eq!(r("镇人民政府"), (Some(Township), Some(Government)));
        assert_eq!(r("街道办事处"), (Some(Township), Some(StreetOffice)));
        assert_eq!(r("县人民政府"), (Some(County), Some(Government)));
        assert_eq!(r("海东市人民政府"), (Some(City), Some(Government)));
        assert_eq!(r("乐都区民政局"), (Some(County), Some(Department)));
        assert_eq!(r("居委会"), (Some(Level::Community), Some(Committee)));
        assert_eq!(r("社区居委会"), (Some(Level::Community), Some(Committee)));
        assert_eq!(
            r("村(居)民委员会"),
            (Some(Level::Community), Some(Committee))
        );
        assert_eq!(
            r("居（村）民委员会"),
            (Some(Level::Community), Some(Committee))
        );
        assert_eq!(r("社区"), (Some(Level::Community), Some(Kind::Community)));
        assert_eq!(r("网格员"), (Some(Level::Community), Some(GridStaff)));
        assert_eq!(r("专职网格员"), (Some(Level::Community), Some(GridStaff)));
        assert_eq!(
            r("网格化服务管理人员"),
            (Some(Level::Community), Some(GridStaff))
        );
        assert_eq!(r("网格"), (Some(Level::Community), Some(Grid)));
        assert_eq!(r("物业服务企业"), (None, Some(Enterprise)));
        assert_eq!(r("区人民法院"), (Some(County), Some(Court)));
        assert_eq!(r("市妇联"), (Some(City), Some(MassOrganization)));
        assert_eq!(r("区市场监督管理局"), (Some(County), Some(Department)));
        assert_eq!(r("县住房和城乡建设局"), (Some(County), Some(Department)));
        assert_eq!(r("县应急管理局"), (Some(County), Some(Department)));
        assert_eq!(r("某单位"), (None, None));
        assert_eq!(r("大连市西岗区民政局"), (Some(County), Some(Department)));
        assert_eq!(r("海东市住房和城乡建设局"), (Some(City), Some(Department)));
        assert_eq!(r("市场监督管理局"), (None, Some(Department)));
        assert_eq!(r("乡镇人民政府"), (Some(Township), Some(Government)));
        assert_eq!(r("街道党工委").1, Some(PartyCommittee));
        assert_eq!(r("市委组织部").1, Some(PartyCommittee));
        assert_eq!(r("区委政法委").1, Some(PartyCommittee));
        assert_eq!(r("社区党委").1, Some(PartyCommittee));
        assert_eq!(r("大连市人民政府办公室"), (Some(City), Some(Department)));
        assert_eq!(r("区人民政府有关部门"), (Some(County), Some(Department)));
        assert_eq!(r("区政府办"), (Some(County), Some(Department)));
        assert_eq!(r("区政府应急办"), (Some(County), Some(Department)));
        assert_eq!(r("社区居委"), (Some(Level::Community), Some(Committee)));
        assert_eq!(r("村(居)委会"), (Some(Level::Community), Some(Committee)));
        assert_eq!(r("村居委员会"), (Some(Level::Community), Some(Committee)));
        assert_eq!(r("社区党支部").1, Some(PartyCommittee));
        assert_eq!(r("共青团大连市西岗区委员会").1, Some(MassOrganization));
        assert_eq!(r("国家税务总局大连市西岗区税务局").1, Some(VerticalAgency));
        assert_eq!(r("青海省民政厅"), (Some(Province), Some(Department)));
    }

    #[test]
    fn township_organs_act_for_their_principal() {
        use Kind::*;
        use Level::*;
        // dispatched organs of county departments, even with a township's name in front
        assert_eq!(r("某派出所"), (Some(County), Some(Department)));
        assert_eq!(r("某乡司法所"), (Some(County), Some(Department)));
        assert_eq!(r("镇市场监管所"), (Some(County), Some(Department)));
        // a township's own offices and centres are its government's organs
        assert_eq!(r("乡镇综治中心"), (Some(Township), Some(Government)));
        assert_eq!(r("镇人民政府办公室"), (Some(Township), Some(Government)));
        // a street office's organs stay the street office
        assert_eq!(r("街道综治中心"), (Some(Township), Some(StreetOffice)));
    }

    #[test]
    fn patterns_are_three_valued() {
        use crate::tri::Tri;
        let p = ActorPattern::parse("county/department").unwrap();
        assert_eq!(p.matches(&recognise(words(), "县民政局")), Tri::True);
        assert_eq!(p.matches(&recognise(words(), "市民政局")), Tri::False);
        assert_eq!(
            p.matches(&Actor {
                level: None,
                kind: Some(Kind::Department)
            }),
            Tri::Unknown
        );
        assert_eq!(
            ActorPattern::parse("*/*")
                .unwrap()
                .matches(&Actor::default()),
            Tri::True
        );
        assert!(ActorPattern::parse("nation/department").is_none());
    }
}
