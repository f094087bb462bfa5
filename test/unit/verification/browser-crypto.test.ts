import assert from "node:assert/strict";
import * as nodeCrypto from "node:crypto";
import { describe, it } from "node:test";
import * as browserCrypto from "@/lib/verification/browser/node-crypto";
import { inflateSync as browserInflate } from "@/lib/verification/browser/node-zlib";
import { deflateSync, inflateSync as nodeInflate, constants } from "node:zlib";
import { knownDigestsOf } from "@/lib/verification/browser/known-digests";
import { readSignatures, revisionBoundaries } from "@/lib/pdf/read-signatures";
import { findAll, findBytes } from "@/lib/verification/browser/find-bytes";
import { Buffer as BrowserBuffer } from "@/lib/verification/browser/buffer-global";
import { corpus, makePki, stamp } from "./fixtures";

// The browser's stand-ins for node:crypto and node:zlib (lib/verification/browser/) answer as node does, on
// the portal's own certificates and on signatures node makes: each check is run both ways and compared.
describe("browser crypto and zlib stand-ins, against node's", () => {
  const pki = makePki();
  const [signingPem, rootPem] = pki.certChainPem;

  it("reads a certificate's fields and checks its issuer as node:crypto does", () => {
    for (const pem of [signingPem, rootPem]) {
      const ours = new browserCrypto.X509Certificate(pem);
      const node = new nodeCrypto.X509Certificate(pem);
      assert.equal(ours.subject, node.subject);
      assert.equal(ours.serialNumber.replace(/^0+/, ""), node.serialNumber.replace(/^0+/, ""));
      assert.equal(ours.fingerprint256, node.fingerprint256);
      assert.equal(new Date(ours.validFrom).getTime(), new Date(node.validFrom).getTime());
      assert.equal(new Date(ours.validTo).getTime(), new Date(node.validTo).getTime());
      assert.equal(ours.toString().replace(/\s+/g, ""), node.toString().replace(/\s+/g, ""));
    }
    const [signing, root] = [new browserCrypto.X509Certificate(signingPem), new browserCrypto.X509Certificate(rootPem)];
    assert.equal(signing.checkIssued(root), true);
    assert.equal(signing.verify(root.publicKey), true, "the root's signature on the signing certificate");
    assert.equal(root.verify(root.publicKey), true, "self-signed");
    const stranger = new browserCrypto.X509Certificate(makePki("Orang Lain").certChainPem[1]);
    assert.equal(signing.verify(stranger.publicKey), false);
    assert.equal(signing.checkIssued(stranger), false);
  });

  it("verifies RSA PKCS#1 v1.5 and PSS signatures node made, and refuses altered ones", () => {
    const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = publicKey.export({ format: "jwk" });
    const big = (base64url: string) => BigInt(`0x${Buffer.from(base64url, "base64url").toString("hex")}`);
    const key: browserCrypto.KeyObject = { type: "rsa", rsa: { n: big(jwk.n!), e: big(jwk.e!), bits: 2048 } };
    const data = Buffer.from("e-Meterai: atribut yang ditandatangani");
    for (const hash of ["sha256", "sha384", "sha512", "sha1"] as const) {
      const signature = nodeCrypto.sign(hash, data, privateKey);
      assert.equal(browserCrypto.verify(hash, data, key, signature), true, hash);
      const altered = Buffer.from(signature);
      altered[10] ^= 1;
      assert.equal(browserCrypto.verify(hash, data, key, altered), false, `${hash} altered signature`);
      assert.equal(browserCrypto.verify(hash, Buffer.from("lain"), key, signature), false, `${hash} other data`);
    }
    for (const saltLength of [0, 32, 64]) {
      const signature = nodeCrypto.sign("sha256", data, { key: privateKey, padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING, saltLength });
      assert.equal(browserCrypto.verify("sha256", data, { ...key, type: "rsa-pss" }, signature), true, `PSS salt ${saltLength}`);
      assert.equal(browserCrypto.verify("sha256", Buffer.from("lain"), { ...key, type: "rsa-pss" }, signature), false);
    }
    assert.equal(browserCrypto.verify("sha256", data, { type: "unsupported", algorithm: "1.2.840.10045.2.1" }, Buffer.alloc(64)), false);
  });

  it("hashes incrementally with copies, as node's Hash does", () => {
    const bytes = nodeCrypto.randomBytes(100_000);
    const ours = browserCrypto.createHash("sha256").update(bytes.subarray(0, 40_000));
    const node = nodeCrypto.createHash("sha256").update(bytes.subarray(0, 40_000));
    assert.equal(ours.copy().digest("hex"), node.copy().digest("hex"));
    ours.update(bytes.subarray(40_000));
    node.update(bytes.subarray(40_000));
    assert.deepEqual(ours.digest(), node.digest());
  });

  it("inflates like node: a truncated stream yields what it holds, a bomb stops at the cap, garbage fails", () => {
    const text = Buffer.from("BT /F1 12 Tf (halo) Tj ET\n".repeat(2000));
    const deflated = deflateSync(text);
    const options = { maxOutputLength: 1_000_000, finishFlush: constants.Z_SYNC_FLUSH };
    assert.deepEqual(browserInflate(deflated, options), nodeInflate(deflated, options));
    const truncated = deflated.subarray(0, Math.floor(deflated.length / 2));
    assert.deepEqual(browserInflate(truncated, options), nodeInflate(truncated, options));
    const bomb = deflateSync(Buffer.alloc(5_000_000));
    assert.throws(() => nodeInflate(bomb, options), { code: "ERR_BUFFER_TOO_LARGE" });
    assert.throws(() => browserInflate(bomb, options), { code: "ERR_BUFFER_TOO_LARGE" });
    assert.throws(() => nodeInflate(Buffer.from("not zlib at all"), options));
    assert.throws(() => browserInflate(Buffer.from("not zlib at all"), options));
  });

  it("computes with WebCrypto the digests the extractor will ask for: the file, the signed ranges, the revisions", async () => {
    const stamped = (await stamp(corpus("normal.pdf"), pki.signer)).pdf;
    const [signature] = readSignatures(stamped).signatures;
    const known = (await knownDigestsOf(stamped))!;
    const sha = (data: Uint8Array) => nodeCrypto.createHash("sha256").update(data).digest("hex");
    const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("hex");
    assert.equal(hex(known.prefixes.get(stamped.length)), sha(stamped));
    assert.equal(hex(known.prefixes.get(signature.revisionEnd)), sha(stamped.subarray(0, signature.revisionEnd)));
    const [, a, b, l] = signature.byteRange;
    assert.equal(hex(known.ranges.get(signature.byteRange.join(","))), sha(Buffer.concat([stamped.subarray(0, a), stamped.subarray(b, b + l)])));
    // The signed tail is moved beside the first range only for the digest call: the file is whole again after.
    const copy = Buffer.from(stamped);
    await knownDigestsOf(copy);
    assert.ok(copy.equals(Buffer.from(stamped)));
    // The revision boundaries, handed to the extractor so that it does not scan the file for them again.
    assert.deepEqual(known.boundaries, revisionBoundaries(Buffer.from(stamped)));
  });

  it("finds byte strings as Buffer.indexOf does (the browser's Buffer stand-in searches with findBytes)", async () => {
    const stamped = Buffer.from((await stamp(corpus("normal.pdf"), pki.signer)).pdf);
    const noise = nodeCrypto.randomBytes(200_000);
    for (let i = 0; i < 300; i++) noise.write(["%%EOF", "/ByteRange", "e-Meterai [", "/ByteRang", "%%EO"][i % 5], (i * 661) % 199_990, "latin1");
    for (const haystack of [stamped, noise, Buffer.from("/ByteRange"), Buffer.alloc(0)]) {
      for (const needle of ["%%EOF", "/ByteRange", "e-Meterai [", "xref", "obj", "%PDF-", "/ByteRangeX", "e"]) {
        const bytes = Buffer.from(needle, "latin1");
        for (const from of [0, 1, 7, 1000, haystack.length - 3, haystack.length, haystack.length + 5]) {
          assert.equal(findBytes(haystack, bytes, from), haystack.indexOf(needle, from), `${needle} from ${from}`);
        }
        const all = (find: (from: number) => number) => {
          const found: number[] = [];
          for (let at = find(0); at >= 0; at = find(at + 1)) found.push(at);
          return found;
        };
        assert.deepEqual(all((from) => findBytes(haystack, bytes, from)), all((from) => haystack.indexOf(needle, from)));
      }
    }
  });

  it("finds every offset of several needles in one pass as findBytes finds each needle's, and gives up on a needle past the limit", async () => {
    const stamped = Buffer.from((await stamp(corpus("normal.pdf"), pki.signer)).pdf);
    const noise = nodeCrypto.randomBytes(200_000);
    for (let i = 0; i < 300; i++) noise.write(["%%EOF", "/ByteRange", "e-Meterai [", "/ByteRang", "%%EO", "/Byte%%EOF"][i % 6], (i * 661) % 199_990, "latin1");
    const needleSets = [["/ByteRange", "%%EOF"], ["%%EOF", "/ByteRange", "e-Meterai ["], ["%%EO", "%%EOF"], ["/ByteRange"]];
    for (const haystack of [stamped, noise, Buffer.from("/ByteRange"), Buffer.from("xx%%EOF/ByteRan"), Buffer.alloc(0)]) {
      for (const needles of needleSets) {
        const bytes = needles.map((n) => Buffer.from(n, "latin1"));
        const each = bytes.map((needle) => {
          const found: number[] = [];
          for (let at = findBytes(haystack, needle, 0); at >= 0; at = findBytes(haystack, needle, at + 1)) found.push(at);
          return found;
        });
        assert.deepEqual(findAll(haystack, bytes, 10_000), each, `${needles.join(" + ")} in ${haystack.length} bytes`);
      }
    }
    assert.ok(findAll(noise, [Buffer.from("%%EOF")], 10_000)[0]!.length >= 50, "the noise holds the needle");
    const many = Buffer.from("%%EOF".repeat(20) + "/ByteRange");
    assert.deepEqual(findAll(many, [Buffer.from("%%EOF"), Buffer.from("/ByteRange")], 10), [null, [100]]);
  });

  it("answers indexOf as node's Buffer does in the browser bundle's Buffer, which keeps a large file's offsets per needle", async () => {
    const stamped = Buffer.from((await stamp(corpus("normal.pdf"), pki.signer)).pdf);
    const large = Buffer.concat([nodeCrypto.randomBytes(300_000), stamped, Buffer.from("%%EOF\n/ByteRange e-Meterai [%%EOF")]);
    for (const haystack of [large, stamped, large.subarray(1000), large.subarray(0, 280_000)]) {
      const browser = BrowserBuffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
      for (const needle of ["%%EOF", "/ByteRange", "e-Meterai [", "obj", "xref", "%%EO", "not in there at all"]) {
        for (const from of [0, 1, 999, 300_000, haystack.length - 20, haystack.length + 1, -50]) {
          assert.equal(browser.indexOf(needle, from), haystack.indexOf(needle, from), `${needle} from ${from} in ${haystack.length}`);
          assert.equal(browser.indexOf(needle, from, "latin1"), haystack.indexOf(needle, from, "latin1"));
        }
      }
      assert.equal(browser.indexOf(0x25, 5), haystack.indexOf(0x25, 5));
    }
  });
});
