// Open redirects: after sign-in (`next`) and after switching language (`back`), a person goes only to a
// path on this portal, however the value is disguised (browsers strip tabs, read "\" as "/").
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { safeNext } from "@/lib/edge/action-result";
import { POST as switchLocale } from "@/app/locale/route";

const disguisedElsewhere = [
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  decodeURIComponent("%2F%09%2Fevil.example"), // "/<tab>/evil.example": the tab is stripped, "//evil.example"
  "/\n/evil.example",
  "/\\/evil.example",
  "/.//evil.example",
  "https://evil.example/account",
  "javascript:alert(1)",
  " //evil.example",
];

describe("same-origin redirects", () => {
  test("sign-in goes back only to a path of the portal", () => {
    for (const value of disguisedElsewhere) assert.equal(safeNext(value), "/account", JSON.stringify(value));
    assert.equal(safeNext("/buy/abc?x=1#top"), "/buy/abc?x=1#top");
    assert.equal(safeNext("/verify"), "/verify");
    assert.equal(safeNext(undefined), "/account");
  });

  test("/locale sends back only to a path of the portal", async () => {
    const post = async (back: string) => {
      const form = new FormData();
      form.set("locale", "en");
      form.set("back", back);
      const response = await switchLocale(new Request("http://127.0.0.1:3000/locale", { method: "POST", body: form }));
      assert.equal(response.status, 303);
      return response.headers.get("location");
    };
    for (const value of disguisedElsewhere) assert.equal(await post(value), "/", JSON.stringify(value));
    assert.equal(await post("/status?x=1"), "/status?x=1");
    assert.equal(await post("/v/ABC"), "/v/ABC");
  });
});
