// Run the built site's own search worker (Material for MkDocs) under Node.
const fs = require("fs"), vm = require("vm");
const [site, queriesFile] = process.argv.slice(2);
const dir = `${site}/assets/javascripts/workers`;
const worker = fs.readdirSync(dir).find(f => /^search\..*\.min\.js$/.test(f));
let handler = null; const results = [];
const sandbox = {
  addEventListener: (type, fn) => { if (type === "message") handler = fn; },
  postMessage: m => results.push(m), console, setTimeout,
  importScripts: () => { throw new Error("importScripts") },
  location: { href: `file://${dir}/${worker}` },
};
sandbox.self = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(`${dir}/${worker}`, "utf8"), sandbox);
const index = JSON.parse(fs.readFileSync(`${site}/search/search_index.json`, "utf8"));
const send = async data => { const n = results.length; await handler({ data });
  while (results.length === n) await new Promise(r => setTimeout(r, 1)); return results[n]; };
(async () => {
  await send({ type: 0, data: { ...index, options: { suggest: true } } });
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  const out = {};
  for (const q of queries) {
    const r = await send({ type: 2, data: q });
    out[q] = r.data.items.map(group => group.map(d => d.location));
  }
  process.stdout.write(JSON.stringify(out));
})();
