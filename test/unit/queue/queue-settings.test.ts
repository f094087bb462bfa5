// One set of waiting-room defaults: the engine, the operators' API and the database columns agree.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { QUEUE_SETTINGS_DEFAULTS, ZQueueSettingsInput } from "@/lib/queue/queue-settings";

const schema = readFileSync(path.resolve(import.meta.dirname, "../../../prisma/schema.prisma"), "utf8");

describe("queue settings", () => {
  it("prisma/schema.prisma's QueueSetting column defaults are QUEUE_SETTINGS_DEFAULTS", () => {
    const model = /model QueueSetting \{([^}]*)\}/.exec(schema)?.[1];
    assert.ok(model, "model QueueSetting found");
    const defaults = Object.fromEntries([...model.matchAll(/^\s*(\w+)\s+\w+\??\s+@default\(([^)]*)\)/gm)].map(([, name, value]) => [name, JSON.parse(value)]));
    const opensAt = /^\s*opensAt\s+DateTime\?\s*$/m.test(model) ? null : "has a default";
    assert.deepEqual({ ...defaults, opensAt }, { ...QUEUE_SETTINGS_DEFAULTS });
  });

  it("the defaults pass the operators' own rules", () => {
    const { opensAt, ...rest } = QUEUE_SETTINGS_DEFAULTS;
    assert.equal(opensAt, null);
    assert.ok(ZQueueSettingsInput.safeParse({ ...rest, opensAt }).success);
    assert.equal(ZQueueSettingsInput.safeParse({ admitPerMinute: 0 }).success, false);
  });
});
