// Which addresses status webhooks may reach: only the public internet, unless allowed explicitly.
import assert from "node:assert/strict";
import { test } from "node:test";

process.env.WEBHOOK_ALLOWED_NETWORKS = "10.9.0.0/16";
const { isPublicAddress } = await import("@/lib/http/outbound-request");
const { loadEnv } = await import("@/lib/env");

test("loopback, private, shared, link-local, metadata, unspecified and multicast addresses are not public", () => {
  for (const address of [
    "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.100.100.200",
    "169.254.169.254", "0.0.0.0", "224.0.0.1", "255.255.255.255",
    "::1", "::", "fc00::1", "fd00:ec2::254", "fe80::1", "fe80::1%eth0", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "[::1]", "not-an-ip",
  ])
    assert.equal(isPublicAddress(address), false, address);
});

test("public addresses are, and so are private ones in WEBHOOK_ALLOWED_NETWORKS", () => {
  for (const address of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "64:ff9b::808:808", "10.9.1.2"])
    assert.equal(isPublicAddress(address), true, address);
  assert.equal(isPublicAddress("10.8.1.2"), false);
});

test("WEBHOOK_ALLOWED_NETWORKS takes addresses and CIDR ranges only", () => {
  assert.deepEqual(loadEnv({ WEBHOOK_ALLOWED_NETWORKS: "127.0.0.1, 10.0.0.0/8" }).webhookAllowedNetworks, ["127.0.0.1", "10.0.0.0/8"]);
  assert.throws(() => loadEnv({ WEBHOOK_ALLOWED_NETWORKS: "internal.example" }), /WEBHOOK_ALLOWED_NETWORKS/);
});
