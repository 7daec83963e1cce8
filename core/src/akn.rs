//! Akoma Ntoso 3.0 (OASIS LegalDocML) export and import of a canonical [`Regulation`].
//!
//! [`to_akn`] writes a regulation as an `<act>` (or, for a draft, a `<bill>`) with:
//!
//! - `meta/identification`: the FRBR work, expression and manifestation, dated by the adoption,
//!   approval and entry into force (or, for a draft, its publication), authored by the adopting
//!   (or publishing) body; `FRBRnumber` is the corpus key, `FRBRalias` the aliases and the
//!   English title, `FRBRprescriptive` is false for a draft;
//! - `meta/lifecycle` and `meta/workflow`: one event and one step per dated act (adoption,
//!   approval, first reading, publication) and the entry into force;
//! - `meta/references`: a `TLCEvent` per act naming the meeting and a `TLCOrganization` per act
//!   naming the standing body behind it;
//! - `meta/proprietary`: what Akoma Ntoso has no element for (city, province, the article that
//!   states the effective date), in the namespace [`ZHILI_NS`];
//! - `preface`: the title (and, for a draft, the stage 草案);
//! - `body`: chapters, articles, paragraphs and points with the eIds of the Akoma Ntoso naming
//!   convention as used here: `chp_2`, `art_23`, `art_23__para_2`, `art_6__para_1__point_7`.
//!
//! [`from_akn`] reads such a document back into a [`Regulation`]; for every regulation of the
//! corpus `from_akn(&to_akn(r)?)? == *r` (a test checks it, and another validates the export
//! against the official schema). Both are pure: no file or network access.
//!
//! ```
//! let corpus = zhili::Corpus::get().unwrap();
//! let haidong = corpus.regulation("haidong").unwrap();
//! let xml = zhili::akn::to_akn(haidong).unwrap();
//! assert!(xml.contains(r#"<article eId="art_23">"#));
//! assert!(xml.contains(r#"<point eId="art_6__para_1__point_7">"#));
//! assert_eq!(&zhili::akn::from_akn(&xml).unwrap(), haidong);
//! ```

use crate::error::{Error, Result};
use crate::numeral;
use crate::text::{Act, Article, Chapter, Item, Meta, Paragraph, Regulation, Status};
use chrono::NaiveDate;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// The Akoma Ntoso 3.0 namespace.
pub const AKN_NS: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
/// The namespace of the project's proprietary metadata.
pub const ZHILI_NS: &str = "urn:zhili:akn";

/// The acts of a regulation's history, in the order they are written, with their eId stem.
const ROLES: [&str; 4] = ["adoption", "approval", "first-reading", "publication"];

fn acts(m: &Meta) -> [(&'static str, Option<&Act>); 4] {
    [
        (ROLES[0], m.adopted.as_ref()),
        (ROLES[1], m.approved.as_ref()),
        (ROLES[2], m.first_reading.as_ref()),
        (ROLES[3], m.published.as_ref()),
    ]
}

/// The eId of an article, paragraph (1-based) or point: `art_23`, `art_23__para_2`,
/// `art_6__para_1__point_7`.
pub fn eid(article: u32, paragraph: Option<u32>, point: Option<u32>) -> String {
    let mut s = format!("art_{article}");
    if let Some(p) = paragraph {
        s += &format!("__para_{p}");
        if let Some(i) = point {
            s += &format!("__point_{i}");
        }
    }
    s
}

// ---------------------------------------------------------------- writing

/// A thin layer over quick-xml's writer: start, end, empty and text-only elements.
struct Out {
    w: Writer<Vec<u8>>,
}

type Attrs<'a> = &'a [(&'a str, &'a str)];

impl Out {
    fn tag<'a>(name: &'a str, attrs: Attrs<'_>) -> BytesStart<'a> {
        let mut t = BytesStart::new(name);
        for a in attrs {
            t.push_attribute(*a);
        }
        t
    }
    fn ev(&mut self, e: Event<'_>) {
        // writing into a Vec cannot fail
        self.w.write_event(e).expect("in-memory XML writer");
    }
    fn start(&mut self, name: &str, attrs: Attrs<'_>) {
        self.ev(Event::Start(Self::tag(name, attrs)));
    }
    fn end(&mut self, name: &str) {
        self.ev(Event::End(BytesEnd::new(name)));
    }
    fn empty(&mut self, name: &str, attrs: Attrs<'_>) {
        self.ev(Event::Empty(Self::tag(name, attrs)));
    }
    fn leaf(&mut self, name: &str, attrs: Attrs<'_>, text: &str) {
        self.start(name, attrs);
        self.ev(Event::Text(BytesText::new(text)));
        self.end(name);
    }
    /// `<name><p>text</p></name>`
    fn block(&mut self, name: &str, attrs: Attrs<'_>, text: &str) {
        self.start(name, attrs);
        self.leaf("p", &[], text);
        self.end(name);
    }
}

fn zh_number(n: u32, what: &str) -> Result<String> {
    numeral::format(n)
        .ok_or_else(|| Error::InvalidNorm(format!("{what} {n} has no Chinese numeral")))
}

/// The regulation as an Akoma Ntoso 3.0 document (UTF-8, indented). Fails only for a regulation
/// with no dated act at all (the FRBR work needs a date) or a number with no Chinese numeral.
pub fn to_akn(reg: &Regulation) -> Result<String> {
    let m = &reg.meta;
    let draft = matches!(m.status, Status::Draft);
    let doc = if draft { "bill" } else { "act" };
    let dated: Vec<(&str, &Act, NaiveDate)> = acts(m)
        .into_iter()
        .filter_map(|(role, a)| a.and_then(|a| a.date.map(|d| (role, a, d))))
        .collect();
    let &(author_role, _, work_date) = dated.first().ok_or_else(|| {
        Error::InvalidNorm(format!(
            "{}: no dated act (adoption, approval or publication) to identify the work by",
            m.key
        ))
    })?;
    let work = format!("/akn/cn/{doc}/{work_date}/{}", m.key);
    let expr = format!("{work}/zho@");
    let manif = format!("{expr}/!main.xml");

    let mut o = Out {
        w: Writer::new_with_indent(Vec::new(), b' ', 2),
    };
    o.ev(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    o.start("akomaNtoso", &[("xmlns", AKN_NS)]);
    o.start(
        doc,
        &[("name", "regulation"), ("contains", "originalVersion")],
    );
    o.start("meta", &[]);

    // identification
    o.start("identification", &[("source", "#zhili")]);
    let author = format!("#org_{author_role}");
    let dates = |o: &mut Out| {
        for (role, _, d) in &dated {
            o.empty("FRBRdate", &[("date", &d.to_string()), ("name", role)]);
        }
    };
    o.start("FRBRWork", &[]);
    o.empty("FRBRthis", &[("value", &format!("{work}/!main"))]);
    o.empty("FRBRuri", &[("value", &work)]);
    for a in &m.aliases {
        o.empty("FRBRalias", &[("value", a), ("name", "alias")]);
    }
    o.empty(
        "FRBRalias",
        &[("value", &m.english_title), ("name", "english-title")],
    );
    dates(&mut o);
    if let Some(d) = m.effective {
        o.empty(
            "FRBRdate",
            &[("date", &d.to_string()), ("name", "entry-into-force")],
        );
    }
    // the adopting (or publishing) body is the author; an approving body approves
    o.empty("FRBRauthor", &[("href", &author), ("as", "#author")]);
    if m.approved.is_some() {
        o.empty(
            "FRBRauthor",
            &[("href", "#org_approval"), ("as", "#approver")],
        );
    }
    o.empty("FRBRcountry", &[("value", "cn")]);
    o.empty("FRBRsubtype", &[("value", "local-regulation")]);
    o.empty("FRBRnumber", &[("value", &m.key)]);
    o.empty("FRBRname", &[("value", &m.title)]);
    o.empty(
        "FRBRprescriptive",
        &[("value", if draft { "false" } else { "true" })],
    );
    o.empty("FRBRauthoritative", &[("value", "false")]);
    o.end("FRBRWork");
    o.start("FRBRExpression", &[]);
    o.empty("FRBRthis", &[("value", &format!("{expr}/!main"))]);
    o.empty("FRBRuri", &[("value", &expr)]);
    dates(&mut o);
    o.empty("FRBRauthor", &[("href", &author)]);
    o.empty("FRBRlanguage", &[("language", "zho")]);
    o.end("FRBRExpression");
    o.start("FRBRManifestation", &[]);
    o.empty("FRBRthis", &[("value", &manif)]);
    o.empty("FRBRuri", &[("value", &manif)]);
    o.empty(
        "FRBRdate",
        &[("date", &work_date.to_string()), ("name", "source")],
    );
    o.empty("FRBRauthor", &[("href", "#zhili")]);
    o.empty("FRBRformat", &[("value", "application/akn+xml")]);
    o.end("FRBRManifestation");
    o.end("identification");

    // lifecycle and workflow: one event and one step per dated act, and the entry into force
    o.start("lifecycle", &[("source", "#zhili")]);
    for (role, _, d) in &dated {
        o.empty(
            "eventRef",
            &[
                ("eId", &format!("lc_{role}")),
                ("date", &d.to_string()),
                ("source", "#ro_1"),
                ("refersTo", &format!("#evt_{role}")),
                ("type", "generation"),
            ],
        );
    }
    if let Some(d) = m.effective {
        o.empty(
            "eventRef",
            &[
                ("eId", "lc_entry-into-force"),
                ("date", &d.to_string()),
                ("source", "#ro_1"),
                ("refersTo", "#evt_entry-into-force"),
                ("type", "generation"),
            ],
        );
    }
    o.end("lifecycle");
    o.start("workflow", &[("source", "#zhili")]);
    for (role, _, d) in &dated {
        o.empty(
            "step",
            &[
                ("date", &d.to_string()),
                ("by", &format!("#org_{role}")),
                ("refersTo", &format!("#evt_{role}")),
            ],
        );
    }
    o.end("workflow");
    if !draft {
        o.start("temporalData", &[("source", "#zhili")]);
        o.start("temporalGroup", &[("eId", "tg_in-force")]);
        o.empty(
            "timeInterval",
            &[("start", "#lc_entry-into-force"), ("refersTo", "#in-force")],
        );
        o.end("temporalGroup");
        o.end("temporalData");
    }

    // references: the source, the acts' meetings and bodies, the project as annotator
    o.start("references", &[("source", "#zhili")]);
    o.empty(
        "original",
        &[("eId", "ro_1"), ("href", &work), ("showAs", &m.title)],
    );
    for (role, a) in acts(m) {
        let Some(a) = a else { continue };
        o.empty(
            "TLCEvent",
            &[
                ("eId", &format!("evt_{role}")),
                ("href", &format!("/akn/ontology/events/cn/{}.{role}", m.key)),
                ("showAs", &a.by),
            ],
        );
    }
    if let Some(_d) = m.effective {
        let art = zh_number(m.effective_article, "article")?;
        o.empty(
            "TLCEvent",
            &[
                ("eId", "evt_entry-into-force"),
                (
                    "href",
                    &format!("/akn/ontology/events/cn/{}.entry-into-force", m.key),
                ),
                ("showAs", &format!("施行（第{art}条）")),
            ],
        );
    }
    for (role, a) in acts(m) {
        let Some(a) = a else { continue };
        o.empty(
            "TLCOrganization",
            &[
                ("eId", &format!("org_{role}")),
                (
                    "href",
                    &format!("/akn/ontology/organizations/cn/{}.{role}", m.key),
                ),
                ("showAs", &a.body),
            ],
        );
    }
    o.empty(
        "TLCRole",
        &[
            ("eId", "author"),
            ("href", "/akn/ontology/roles/author"),
            ("showAs", "author"),
        ],
    );
    if m.approved.is_some() {
        o.empty(
            "TLCRole",
            &[
                ("eId", "approver"),
                ("href", "/akn/ontology/roles/approver"),
                ("showAs", "approver (批准)"),
            ],
        );
    }
    o.empty(
        "TLCOrganization",
        &[
            ("eId", "zhili"),
            ("href", "/akn/ontology/organizations/zhili"),
            ("showAs", "zhili (治理) rules-as-code project"),
        ],
    );
    if !draft {
        o.empty(
            "TLCConcept",
            &[
                ("eId", "in-force"),
                ("href", "/akn/ontology/concepts/in-force"),
                ("showAs", "in force"),
            ],
        );
    }
    o.end("references");

    o.start("proprietary", &[("source", "#zhili")]);
    o.empty(
        "zhili:regulation",
        &[
            ("xmlns:zhili", ZHILI_NS),
            ("city", &m.city),
            ("province", &m.province),
            ("effectiveArticle", &m.effective_article.to_string()),
        ],
    );
    o.end("proprietary");
    o.end("meta");

    o.start("preface", &[]);
    o.start("longTitle", &[]);
    o.start("p", &[]);
    o.leaf("docTitle", &[], &m.title);
    o.end("p");
    o.end("longTitle");
    if draft {
        o.start("p", &[]);
        o.leaf("docStage", &[], "草案");
        o.end("p");
    }
    o.end("preface");

    o.start("body", &[]);
    for c in &reg.chapters {
        o.start("chapter", &[("eId", &format!("chp_{}", c.number))]);
        o.leaf(
            "num",
            &[],
            &format!("第{}章", zh_number(c.number, "chapter")?),
        );
        o.leaf("heading", &[], &c.title);
        for a in &c.articles {
            write_article(&mut o, a)?;
        }
        o.end("chapter");
    }
    o.end("body");
    o.end(doc);
    o.end("akomaNtoso");
    let mut bytes = o.w.into_inner();
    bytes.push(b'\n');
    Ok(String::from_utf8(bytes).expect("written from UTF-8 strings"))
}

fn write_article(o: &mut Out, a: &Article) -> Result<()> {
    o.start("article", &[("eId", &eid(a.number, None, None))]);
    o.leaf("num", &[], &a.heading());
    for (i, p) in a.paragraphs.iter().enumerate() {
        let pn = i as u32 + 1;
        let id = eid(a.number, Some(pn), None);
        o.start("paragraph", &[("eId", &id)]);
        if p.items.is_empty() {
            o.block("content", &[], &p.text);
        } else {
            o.block("intro", &[], &p.text);
            for it in &p.items {
                zh_number(it.number, "item")?;
                o.start(
                    "point",
                    &[("eId", &eid(a.number, Some(pn), Some(it.number)))],
                );
                o.leaf("num", &[], &it.marker());
                o.block("content", &[], &it.text);
                o.end("point");
            }
        }
        o.end("paragraph");
    }
    o.end("article");
    Ok(())
}

// ---------------------------------------------------------------- reading

/// An element of the document read back: local name, attributes, children and its own text.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    }
    fn req(&self, k: &str) -> Result<&str> {
        self.attr(k)
            .ok_or_else(|| bad(format!("<{}> without `{k}`", self.name)))
    }
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn need(&self, name: &str) -> Result<&Node> {
        self.child(name)
            .ok_or_else(|| bad(format!("<{}> without <{name}>", self.name)))
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// The text of the element and its descendants, trimmed.
    fn full_text(&self) -> String {
        fn collect(n: &Node, s: &mut String) {
            s.push_str(&n.text);
            for c in &n.children {
                collect(c, s);
            }
        }
        let mut s = String::new();
        collect(self, &mut s);
        s.trim().to_string()
    }
}

fn bad(detail: String) -> Error {
    Error::Ingest {
        source_name: "Akoma Ntoso document".into(),
        detail,
    }
}

/// Parses XML into a tree of local names (namespace prefixes dropped).
fn parse_tree(xml: &str) -> Result<Node> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node::default()];
    let open = |e: &BytesStart<'_>| -> Result<Node> {
        let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| bad(format!("attribute of <{name}>: {err}")))?;
            let k = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            let v = a
                .unescape_value()
                .map_err(|err| bad(format!("attribute `{k}` of <{name}>: {err}")))?
                .into_owned();
            attrs.push((k, v));
        }
        Ok(Node {
            name,
            attrs,
            ..Default::default()
        })
    };
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| bad(format!("at byte {}: {e}", reader.buffer_position())))?;
        match ev {
            Event::Start(e) => stack.push(open(&e)?),
            Event::Empty(e) => {
                let n = open(&e)?;
                stack.last_mut().expect("root").children.push(n);
            }
            Event::End(_) => {
                let n = stack.pop().expect("balanced");
                stack
                    .last_mut()
                    .ok_or_else(|| bad("unbalanced end tag".into()))?
                    .children
                    .push(n);
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(|e| bad(format!("text: {e}")))?;
                stack.last_mut().expect("root").text.push_str(&s);
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t).into_owned();
                stack.last_mut().expect("root").text.push_str(&s);
            }
            Event::Eof => break,
            _ => {}
        }
        if stack.is_empty() {
            return Err(bad("unbalanced end tag".into()));
        }
    }
    if stack.len() != 1 {
        return Err(bad(format!(
            "unclosed element <{}>",
            stack.last().map_or("", |n| n.name.as_str())
        )));
    }
    let mut root = stack.pop().expect("root");
    match root.children.len() {
        1 => Ok(root.children.pop().expect("one")),
        n => Err(bad(format!("{n} root elements"))),
    }
}

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad(format!("date `{s}`")))
}

/// The number after `prefix` in the last segment of an eId (`art_6__para_1` → 1 for `para_`).
fn eid_number(node: &Node, prefix: &str) -> Result<u32> {
    let id = node.req("eId")?;
    id.rsplit("__")
        .next()
        .and_then(|last| last.strip_prefix(prefix))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| bad(format!("eId `{id}` of <{}> is not {prefix}N", node.name)))
}

fn check_num(node: &Node, expected: &str) -> Result<()> {
    let got = node.need("num")?.full_text();
    if got != expected {
        return Err(bad(format!(
            "{} is numbered `{got}`, its eId says `{expected}`",
            node.attr("eId").unwrap_or("?")
        )));
    }
    Ok(())
}

/// Reads a document written by [`to_akn`] back into a [`Regulation`]. Numbers come from the eIds
/// and must agree with the `<num>` texts and with the parent's eId; anything missing or
/// inconsistent is an `ingest-failed` error naming it.
pub fn from_akn(xml: &str) -> Result<Regulation> {
    let root = parse_tree(xml)?;
    if root.name != "akomaNtoso" {
        return Err(bad(format!(
            "root element <{}>, not <akomaNtoso>",
            root.name
        )));
    }
    let doc = root
        .children
        .iter()
        .find(|c| c.name == "act" || c.name == "bill")
        .ok_or_else(|| bad("neither <act> nor <bill>".into()))?;
    let draft = doc.name == "bill";
    let meta = doc.need("meta")?;
    let work = meta.need("identification")?.need("FRBRWork")?;
    let key = work.need("FRBRnumber")?.req("value")?.to_string();
    let aliases = work
        .all("FRBRalias")
        .filter(|a| a.attr("name") == Some("alias"))
        .map(|a| a.req("value").map(str::to_string))
        .collect::<Result<Vec<_>>>()?;
    let english_title = work
        .all("FRBRalias")
        .find(|a| a.attr("name") == Some("english-title"))
        .ok_or_else(|| bad("no FRBRalias named english-title".into()))?
        .req("value")?
        .to_string();
    let effective = work
        .all("FRBRdate")
        .find(|d| d.attr("name") == Some("entry-into-force"))
        .map(|d| d.req("date").and_then(date))
        .transpose()?;
    let refs = meta.need("references")?;
    let by_eid = |name: &str, id: &str| {
        refs.children
            .iter()
            .find(|n| n.name == name && n.attr("eId") == Some(id))
    };
    let steps: Vec<&Node> = meta.all("workflow").flat_map(|w| w.all("step")).collect();
    let mut read_acts = Vec::new();
    for role in ROLES {
        let evt = format!("evt_{role}");
        let act = match by_eid("TLCEvent", &evt) {
            None => None,
            Some(e) => {
                let org = by_eid("TLCOrganization", &format!("org_{role}"))
                    .ok_or_else(|| bad(format!("no TLCOrganization org_{role}")))?;
                let step = steps
                    .iter()
                    .find(|s| s.attr("refersTo") == Some(format!("#{evt}").as_str()));
                Some(Act {
                    date: step.map(|s| s.req("date").and_then(date)).transpose()?,
                    by: e.req("showAs")?.to_string(),
                    body: org.req("showAs")?.to_string(),
                })
            }
        };
        read_acts.push(act);
    }
    let [adopted, approved, first_reading, published]: [Option<Act>; 4] =
        read_acts.try_into().expect("four roles");
    let zhili = meta
        .all("proprietary")
        .find_map(|p| p.child("regulation"))
        .ok_or_else(|| bad("no zhili:regulation in <proprietary>".into()))?;
    let effective_article = zhili
        .req("effectiveArticle")?
        .parse()
        .map_err(|_| bad("effectiveArticle is not a number".into()))?;
    let title = doc
        .need("preface")?
        .need("longTitle")?
        .need("p")?
        .need("docTitle")?
        .full_text();
    let status = if draft {
        Status::Draft
    } else {
        Status::InForceFrom {
            from: effective.ok_or_else(|| bad("an <act> without entry-into-force date".into()))?,
        }
    };
    let mut chapters = Vec::new();
    for c in doc.need("body")?.all("chapter") {
        let number = eid_number(c, "chp_")?;
        check_num(c, &format!("第{}章", zh_number(number, "chapter")?))?;
        let mut articles = Vec::new();
        for a in c.all("article") {
            articles.push(read_article(a)?);
        }
        chapters.push(Chapter {
            number,
            title: c.need("heading")?.full_text(),
            articles,
        });
    }
    Ok(Regulation {
        meta: Meta {
            key,
            title,
            city: zhili.req("city")?.to_string(),
            province: zhili.req("province")?.to_string(),
            aliases,
            english_title,
            status,
            adopted,
            approved,
            first_reading,
            published,
            effective,
            effective_article,
        },
        chapters,
    })
}

fn read_article(a: &Node) -> Result<Article> {
    let number = eid_number(a, "art_")?;
    let art = Article {
        number,
        paragraphs: Vec::new(),
    };
    check_num(a, &art.heading())?;
    let mut paragraphs = Vec::new();
    for (i, p) in a.all("paragraph").enumerate() {
        let pn = i as u32 + 1;
        let id = eid(number, Some(pn), None);
        if p.attr("eId") != Some(id.as_str()) {
            return Err(bad(format!(
                "paragraph {pn} of article {number} has eId `{}`, expected `{id}`",
                p.attr("eId").unwrap_or("")
            )));
        }
        let (text, items) = match p.child("content") {
            Some(c) => (c.full_text(), Vec::new()),
            None => {
                let text = p.child("intro").map(Node::full_text).unwrap_or_default();
                let mut items = Vec::new();
                for pt in p.all("point") {
                    let n = eid_number(pt, "point_")?;
                    if pt.req("eId")? != eid(number, Some(pn), Some(n)) {
                        return Err(bad(format!("point eId `{}` outside {id}", pt.req("eId")?)));
                    }
                    let it = Item {
                        number: n,
                        text: pt.need("content")?.full_text(),
                    };
                    check_num(pt, &it.marker())?;
                    items.push(it);
                }
                if items.is_empty() {
                    return Err(bad(format!("{id} has neither content nor points")));
                }
                (text, items)
            }
        };
        paragraphs.push(Paragraph { text, items });
    }
    Ok(Article { paragraphs, ..art })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Corpus;

    #[test]
    fn every_regulation_round_trips() {
        let corpus = Corpus::get().unwrap();
        assert!(!corpus.regulations.is_empty());
        for r in &corpus.regulations {
            let xml = to_akn(r).unwrap();
            let back = from_akn(&xml).unwrap();
            assert_eq!(&back, r, "{}", r.meta.key);
            // every provision by its eId, with the same text
            for rf in r.all_refs() {
                let id = eid(rf.article, rf.paragraph, rf.item);
                assert!(xml.contains(&format!("eId=\"{id}\"")), "{rf}: {id}");
            }
        }
    }

    #[test]
    fn a_draft_is_a_bill_and_an_act_is_an_act() {
        for r in &Corpus::get().unwrap().regulations {
            let xml = to_akn(r).unwrap();
            let draft = matches!(r.meta.status, Status::Draft);
            assert_eq!(xml.contains("<bill "), draft, "{}", r.meta.key);
            assert_eq!(xml.contains("<act "), !draft, "{}", r.meta.key);
            assert_eq!(xml.contains("<docStage>草案</docStage>"), draft);
        }
    }

    #[test]
    fn inconsistent_documents_are_typed_errors() {
        let r = Corpus::get().unwrap().regulation("haidong").unwrap();
        let xml = to_akn(r).unwrap();
        let cases = [
            xml.replacen("<num>第二十三条</num>", "<num>第二十四条</num>", 1),
            xml.replacen("art_23__para_2\"", "art_23__para_9\"", 1),
            xml.replacen("<FRBRnumber", "<FRBRnumberX", 1),
            xml[..xml.len() / 2].to_string(),
            "<html/>".to_string(),
            "not xml <".to_string(),
            String::new(),
        ];
        for (i, c) in cases.iter().enumerate() {
            let e = from_akn(c).unwrap_err();
            assert_eq!(e.code(), "ingest-failed", "case {i}: {e}");
        }
    }

    #[test]
    fn the_adopting_and_approving_bodies_are_named() {
        let r = Corpus::get().unwrap().regulation("haidong").unwrap();
        let xml = to_akn(r).unwrap();
        assert!(xml.contains(r##"<FRBRauthor href="#org_adoption" as="#author"/>"##));
        assert!(xml.contains(r##"<FRBRauthor href="#org_approval" as="#approver"/>"##));
        assert!(xml.contains(r#"showAs="青海省人民代表大会常务委员会""#));
        assert!(xml.contains(r#"<FRBRdate date="2022-08-03" name="adoption"/>"#));
        assert!(xml.contains(r#"<FRBRdate date="2022-11-29" name="approval"/>"#));
        assert!(xml.contains(r#"<FRBRdate date="2023-02-01" name="entry-into-force"/>"#));
    }

    #[test]
    fn cut_or_damaged_documents_never_panic() {
        let r = Corpus::get().unwrap().regulation("xinyang").unwrap();
        let xml = to_akn(r).unwrap();
        let cuts: Vec<usize> = (0..xml.len())
            .step_by(97)
            .filter(|&i| xml.is_char_boundary(i))
            .collect();
        for i in cuts {
            assert!(from_akn(&xml[..i]).is_err(), "cut at {i}");
            // a byte of markup dropped: an error or, at worst, a document that still reads
            let mut damaged = xml.clone();
            if let Some(j) = damaged[i..].find(['<', '>', '"', '/']) {
                damaged.remove(i + j);
                let _ = from_akn(&damaged);
            }
        }
    }

    #[test]
    fn text_that_looks_like_markup_is_escaped() {
        let mut r = Corpus::get().unwrap().regulation("dalian").unwrap().clone();
        r.chapters[0].articles[0].paragraphs[0].text = "a < b & \"c\" <p>".into();
        let back = from_akn(&to_akn(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }
}
