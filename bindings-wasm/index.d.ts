// Types of zhili-wasm (kept by hand, checked by `tsc --noEmit -p example` in CI). The shapes are
// those of spec QUERIES.md and docs/questions-and-answers.md.

export type RegulationKey = "haidong" | "dalian" | "wuxi-draft" | "xinyang";
export type Kind =
  | "assign-to-committee"
  | "assign-to-grid"
  | "liability"
  | "in-force"
  | "duty-of"
  | "compare"
  | "facility-area"
  | "utility-price"
  | "article-lookup"
  | "bad-input";
/** Three-valued: null or absent is unknown, never false. */
export type Tri = boolean | null;
export type ListStatus = "assist" | "autonomy" | "negative" | "none" | "grid" | null;

export interface Facts {
  assigner?: string | null;
  assigner_level?: "city" | "county" | "township" | null;
  assigner_kind?: "government" | "department" | "street-office" | "court" | "mass-organization" | "enterprise" | null;
  assignee?: string | null;
  task?: string | null;
  task_on_list?: ListStatus;
  task_is_assigner_own_duty?: Tri;
  written_commission?: Tri;
  funding_provided?: Tri;
  work_conditions_provided?: Tri;
  information_support_provided?: Tri;
  guidance_provided?: Tri;
  approval?: Tri;
  consulted_committee?: Tri;
  committee_consented?: Tri;
  via_purchase_of_service?: Tri;
  complies_with_purchase_rules?: Tri;
  households?: number | null;
  area_m2?: number | null;
  facility?: string | null;
  utility?: string | null;
  utility_zh?: string | null;
  article?: number | null;
  paragraph?: number | null;
  item?: number | null;
  ref_zh?: string | null;
  raw_date?: string | null;
  requested_regulation?: string | null;
  duty?: string | null;
  actor?: string | null;
  conduct?: string | null;
  feature?: string | null;
  /** Extension: the regulations a compare question compares. */
  regulations?: string[] | null;
}

export interface Question {
  id?: string | null;
  kind: Kind;
  /** A key, a title, an alias (海东条例) or "all". */
  regulation: RegulationKey | "all" | (string & {});
  /**
   * YYYY-MM-DD, or null for the timeless reading; or a `Date`: the calendar day it falls on — its UTC day when it is exactly UTC
   * midnight (`new Date("2024-10-10")`), else its local day (`new Date(2024, 9, 10)`).
   */
  date?: string | Date | null;
  facts?: Facts;
  question_zh?: string;
  question_en?: string;
}

export type Verdict =
  | "permitted" | "prohibited" | "conditional" | "not-in-force" | "not-governed"
  | "yes" | "no" | "error"
  | (string & {})
  | number
  | RegulationKey[]
  | { [regulation: string]: Verdict };

export interface Condition {
  text_zh: string;
  text_en: string;
  citations: string[];
  /** Set on alternatives: any one group suffices. */
  either_or?: boolean;
  group?: number;
}

export interface Step {
  norm: string;
  citation: string;
  outcome: string;
  zh: string;
  en: string;
}

export interface Explanation {
  steps: Step[];
  summary_zh: string;
  summary_en: string;
}

export interface Sanction {
  imposed_by?: string;
  targets?: string[];
  consequence?: string;
  /** What applies where the circumstances are serious (情节较重/严重): its own consequence and targets. */
  if_serious?: Record<string, unknown> | string | null;
  if_crime?: Record<string, unknown> | string | null;
  citations?: string[];
  also?: unknown[];
  /** A liability that depends on how the conduct is characterised. */
  if_condition?: Sanction & Record<string, unknown>;
  [more: string]: unknown;
}

export interface WhatIf {
  verdict: Verdict;
  conditions: Condition[];
  citations: string[];
  sanction?: Sanction | null;
}

export interface ErrorBody {
  code: ErrorCodeName;
  message: string;
}

export interface Answer {
  id: string;
  kind: Kind | null;
  regulation: string | null;
  verdict: Verdict;
  conditions: Condition[];
  citations: string[];
  whatif: WhatIf | null;
  sanction: Sanction | null;
  alternatives?: unknown[];
  explanation: Explanation;
  error: ErrorBody | null;
}

export type Explain = "full" | "summary" | "none";
export interface AskOptions {
  /** How much reasoning trace to keep (default full); the decision never depends on it. */
  explain?: Explain;
}

export type ErrorCodeName =
  | "invalid-json" | "invalid-question" | "unknown-kind" | "unknown-regulation" | "unknown-article"
  | "invalid-reference" | "invalid-date" | "invalid-fact" | "unknown-fact" | "missing-fact"
  | "unknown-feature" | "too-large" | "ingest-failed" | "invalid-norm";

/** An error of the core, with its stable code (docs/errors.md). */
export class ZhiliError extends Error {
  readonly name: "ZhiliError";
  readonly code: ErrorCodeName;
  /** For ask(): the whole error answer (it keeps the question's id). */
  readonly answer?: Answer;
}

export interface Act {
  date: string | null;
  by: string;
  body: string;
}

export interface RegulationSummary {
  key: RegulationKey;
  title: string;
  english_title: string;
  city: string;
  province: string;
  aliases: string[];
  status: "in-force" | "draft";
  effective: string | null;
  effective_article: number;
  adopted: Act | null;
  approved: Act | null;
  chapters: number;
  articles: number;
  paragraphs: number;
  items: number;
}

export interface Item { number: number; text: string }
export interface Paragraph { text: string; items?: Item[] }
export interface Article { number: number; paragraphs: Paragraph[] }
export interface Chapter { number: number; title: string; articles: Article[] }
export interface Meta {
  key: RegulationKey;
  title: string;
  city: string;
  province: string;
  aliases: string[];
  english_title: string;
  status: { kind: "in-force-from"; from: string } | { kind: "draft" };
  adopted: Act | null;
  approved: Act | null;
  first_reading?: Act | null;
  published?: Act | null;
  effective: string | null;
  effective_article: number;
}
export interface Regulation { meta: Meta; chapters: Chapter[] }

export interface ArticleView {
  citation: string;
  regulation: RegulationKey;
  title: string;
  reference_zh: string;
  level: "article" | "paragraph" | "item";
  text: string;
}

export interface FeatureSummary {
  id: string;
  zh: string;
  en: string;
  aliases: string[];
  /** `feature` (the comparison catalogue) or `topic` (the provisions' topics). */
  kind: "feature" | "topic";
  /** A topic's chapter theme (`grid`, `workers` …); `comparison` for a feature. */
  group: string;
}
export interface GapTopic { topic: string; zh: string; en: string; group: string; citations: string[] }
export interface Gaps { regulation: RegulationKey; against: RegulationKey[]; missing: GapTopic[]; extra: GapTopic[] }
export interface ErrorCode { code: ErrorCodeName; meaning: string }
export interface SearchHit {
  citation: string;
  regulation: RegulationKey;
  level: "paragraph" | "item";
  text: string;
  reference_zh: string;
}
export interface SearchOptions { regulation?: string; limit?: number }

/** One thing the intake recognised: the field, its value, the words that gave it, their span. */
export interface Recognised {
  field: string;
  /** null: the words leave the fact unknown (是否提供经费不清楚). */
  value: unknown;
  words: string;
  /** [start, end) in characters (code points) of the words. */
  span: [number, number];
}
/** What the intake read from a question in words (docs/intake.md). */
export interface Intake {
  /** The structured question; what the words do not state is null or absent. */
  question: Question;
  recognised: Recognised[];
  /** Words seen but not turned into a value (a relative date such as 去年). */
  unresolved: Recognised[];
  /** The facts the answer still turns on (`kind`, `regulation` when they could not be read). */
  needs: string[];
  /** With { ask: true }: the answer, or null when the kind or regulation could not be read. */
  answer?: Answer | null;
}
export interface IntakeOptions extends AskOptions {
  /** Answer the structured question too. */
  ask?: boolean;
  /** The structured question's id. */
  id?: string;
}
/** A question written in Chinese read into the structured question (and answered with `ask`). */
export function intake(words: string, options?: IntakeOptions): Intake;

/** Answers one question; an error answer is thrown as a ZhiliError (with `answer`). */
export function ask(question: Question | string, options?: AskOptions): Answer;
/** Answers many questions in order; bad ones get error answers in place (no throw). */
export function askMany(questions: (Question | string)[], options?: AskOptions): Answer[];
/** A provision by citation, Chinese or English-style reference. */
export function article(reference: string, regulation?: string | null): ArticleView;
export function regulations(): RegulationSummary[];
/** The structure of one regulation for browsing (api::structure). */
export function text(regulation: string): Regulation;
export function features(): FeatureSummary[];
/** The topics the others (or `against`) regulate and this one does not, and the reverse. */
export function gaps(regulation: string, against?: string[] | null): Gaps;
export function compare(feature: string, options?: AskOptions): Answer;
export function inForce(regulation: string, date: string | Date, options?: AskOptions): Answer;
export function errorCatalogue(): ErrorCode[];
/** Plain text search over the canonical texts (not a legal reading). */
export function search(query: string, options?: SearchOptions): SearchHit[];
export function chineseNumeral(n: number): string;
export function version(): string;
