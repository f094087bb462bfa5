import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";

// What makes a stored file durable is the order of system calls: the file fsynced, renamed to its name,
// then its folder fsynced (and a folder made for it, in its parent). strace (Debian's strace) watches a
// process that stores one file, from outside.
const dir = mkdtempSync(path.join(tmpdir(), "content-address-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("storing a file under its content address", () => {
  it("fsyncs the file, renames it, then fsyncs its folder, and the parent of a folder it made", () => {
    const root = path.join(dir, "files");
    const trace = path.join(dir, "trace.txt");
    const out = execFileSync(
      "strace",
      ["-f", "-qq", "-o", trace, "-e", "trace=openat,fsync,rename,renameat,renameat2", process.execPath, "--conditions=react-server", "--import", "tsx", "test/helpers/store-content-cli.ts", root],
      { encoding: "utf8" },
    );
    const sha256 = out.trim().split("\n").at(-1)!;
    const folder = path.join(root, sha256.slice(0, 2));
    const target = path.join(folder, `${sha256}.pdf`);
    assert.ok(readFileSync(target).byteLength === 100_000);

    // The calls on our paths, in order, with each fsync named by the path its descriptor was opened on.
    const opened = new Map<string, string>();
    const events: string[] = [];
    for (const line of readFileSync(trace, "utf8").split("\n")) {
      const open = line.match(/openat\([^,]+, "([^"]+)", [^)]*\)\s+=\s+(\d+)/);
      if (open) opened.set(open[2], open[1]);
      const sync = line.match(/fsync\((\d+)\)\s+=\s+0/);
      if (sync && opened.get(sync[1])?.startsWith(dir)) events.push(`fsync ${opened.get(sync[1])}`);
      const rename = line.match(/rename(?:at2?)?\((?:[^,]+, )?"([^"]+)", (?:[^,]+, )?"([^"]+)"/);
      if (rename && rename[2] === target) events.push(`rename to ${rename[2]}`);
    }
    const at = (event: string) => events.indexOf(event);
    const temp = events.find((e) => e.startsWith(`fsync ${target}.`) && e.endsWith(".tmp"));
    assert.ok(temp, `the temporary file is fsynced: ${events.join("; ")}`);
    assert.ok(at(temp) < at(`rename to ${target}`), "fsynced before it is renamed");
    assert.ok(at(`rename to ${target}`) < events.lastIndexOf(`fsync ${folder}`), `its folder is fsynced after the rename: ${events.join("; ")}`);
    // The folder `ab/` and `files/` were made for it: the topmost new folder's parent gets the new entry.
    assert.notEqual(at(`fsync ${dir}`), -1, `the parent of the folders made is fsynced: ${events.join("; ")}`);
  });
});
