// Drives registry-service with the npm "consul" client (a Consul client nobody here wrote).
// Usage: node consul-client-check.js <registry-http-port>. Exits 0 when every step behaved as with Consul.
"use strict";
const assert = require("node:assert/strict");
const Consul = require("consul");

const port = Number(process.argv[2]);
if (!port) {
  console.error("usage: node consul-client-check.js <port>");
  process.exit(2);
}
const consul = new Consul({ host: "127.0.0.1", port });
const SERVICE = "node-app";
const ID = "node-app-1";
const CHECK = "service:" + ID;

async function passingIds() {
  const entries = await consul.health.service({ service: SERVICE, passing: true });
  return entries.map((entry) => entry.Service.ID);
}

async function main() {
  await consul.agent.service.register({
    name: SERVICE,
    id: ID,
    port: 3000,
    tags: ["js", "v2"],
    meta: { runtime: "node" },
    check: { ttl: "30s", notes: "heartbeat from the app" },
  });
  console.log("registered", ID);

  const agentServices = await consul.agent.service.list();
  assert.equal(agentServices[ID].Service, SERVICE);
  assert.equal(agentServices[ID].Port, 3000);

  // A TTL check starts critical, as in Consul
  assert.deepEqual(await passingIds(), []);

  await consul.agent.check.pass({ id: CHECK, note: "all good" });
  assert.deepEqual(await passingIds(), [ID]);
  console.log("passing after check.pass");

  const [entry] = await consul.health.service({ service: SERVICE, passing: true });
  assert.equal(entry.Node.Address, "127.0.0.1"); // no Address registered: the node's stands in
  assert.equal(entry.Service.Meta.runtime, "node");
  const check = entry.Checks.find((c) => c.CheckID === CHECK);
  assert.equal(check.Status, "passing");
  assert.equal(check.Output, "all good");

  await consul.agent.check.warn(CHECK);
  assert.deepEqual(await passingIds(), []);
  await consul.agent.check.fail({ id: CHECK, note: "broken" });
  assert.deepEqual(await passingIds(), []);
  const all = await consul.health.service({ service: SERVICE });
  assert.equal(all.length, 1);
  assert.equal(all[0].Checks.find((c) => c.CheckID === CHECK).Status, "critical");
  console.log("left passing answers after warn and fail");

  const services = await consul.catalog.service.list();
  assert.deepEqual(services[SERVICE], ["js", "v2"]);
  console.log("catalog/services:", JSON.stringify(services));

  // A blocking query through the client's watch: it sees the instance come back once the check passes
  const seenPassing = new Promise((resolve, reject) => {
    const watch = consul.watch({
      method: consul.health.service,
      options: { service: SERVICE, passing: true, wait: "30s" },
    });
    const timer = setTimeout(() => {
      watch.end();
      reject(new Error("watch saw no change within 20s"));
    }, 20000);
    watch.on("change", (data) => {
      if (data.length === 1) {
        clearTimeout(timer);
        watch.end();
        resolve();
      }
    });
    watch.on("error", (err) => {
      clearTimeout(timer);
      watch.end();
      reject(err);
    });
  });
  setTimeout(() => consul.agent.check.pass(CHECK).catch(() => {}), 500);
  await seenPassing;
  console.log("watch woke up on check.pass");

  await consul.agent.service.deregister(ID);
  assert.deepEqual(await consul.health.service(SERVICE), []);
  await assert.rejects(consul.agent.service.deregister(ID), (err) => err.statusCode === 404);
  console.log("deregistered; deregistering again is 404");
}

main().then(
  () => {
    console.log("OK");
    process.exit(0);
  },
  (err) => {
    console.error("FAILED:", err);
    process.exit(1);
  },
);
