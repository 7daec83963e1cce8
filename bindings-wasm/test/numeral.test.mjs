// The explorer's numerals for its early text view are the core's.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as zhili from "../node.js";
import { previewNumeral } from "../explorer/numeral.js";

test("the explorer's preview numerals equal the core's for 1..999", () => {
  for (let n = 1; n < 1000; n++) assert.equal(previewNumeral(n), zhili.chineseNumeral(n), String(n));
});
