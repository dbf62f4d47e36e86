// Validates Kubernetes manifests in two ways, both derived from the Kubernetes OpenAPI
// specification: against the JSON schemas of kubernetes-models (types, required fields, formats),
// and, for unknown fields (which those schemas let through), by type-checking each manifest as an
// object literal of its kubernetes-types interface with TypeScript's excess-property check. Every
// YAML document of every file given (or of standard input, "-") must be a known kind and pass both.
//   (cd docker/k8s/validate && npm ci) && node docker/k8s/validate/validate.mjs built.yaml ...
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const typed = [];

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE.yaml... (- for standard input)");
  process.exit(2);
}
let documents = 0;
let failures = 0;
for (const file of files) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      console.error(`${file}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
      failures++;
      continue;
    }
    const manifest = document.toJS();
    if (manifest === null || manifest === undefined) {
      continue;
    }
    documents++;
    const name = `${file}: ${manifest.kind}/${manifest.metadata?.name}`;
    const model = await modelOf(manifest);
    if (model === null) {
      console.error(`${name}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
      failures++;
      continue;
    }
    try {
      new model(manifest).validate();
      console.log(`${name}: valid`);
    } catch (error) {
      console.error(`${name}: ${error.message}`);
      failures++;
    }
    typed.push({ name, manifest });
  }
}
failures += unknownFields(typed);
console.log(`${documents} manifests, ${failures} failed`);
process.exit(failures === 0 && documents > 0 ? 0 : 1);

/** The kubernetes-models class of a manifest's apiVersion and kind, or null. */
async function modelOf(manifest) {
  const [group, version] = String(manifest.apiVersion).includes("/")
    ? String(manifest.apiVersion).split("/")
    : ["", manifest.apiVersion];
  const path = group === "" ? `v1/${manifest.kind}` : `${group}/${version}/${manifest.kind}`;
  try {
    const module = await import(`kubernetes-models/${path}`);
    return module[manifest.kind] ?? module.default ?? null;
  } catch {
    return null;
  }
}

/** Type-checks the manifests with tsc; returns how many have unknown fields or wrong types. */
function unknownFields(manifests) {
  const lines = [];
  manifests.forEach(({ manifest }, i) => {
    const [group, version] = String(manifest.apiVersion).includes("/")
      ? String(manifest.apiVersion).split("/")
      : ["core", manifest.apiVersion];
    const module = `kubernetes-types/${group.split(".")[0]}/${version}`;
    lines.push(`import type { ${manifest.kind} as T${i} } from "${module}";`);
    lines.push(`export const m${i}: T${i} = ${JSON.stringify(manifest)};`);
  });
  const source = join(here, ".manifests.check.ts");
  writeFileSync(source, lines.join("\n") + "\n");
  try {
    execFileSync(
      join(here, "node_modules", ".bin", "tsc"),
      ["--noEmit", "--strict", "--module", "esnext", "--moduleResolution", "bundler",
       "--target", "es2020", source],
      { encoding: "utf8", stdio: "pipe" });
    console.log(`${manifests.length} manifests: no unknown fields`);
    return 0;
  } catch (error) {
    const reported = new Set();
    for (const line of String(error.stdout).split("\n").filter((l) => l.includes("error TS"))) {
      const row = Number(line.match(/\((\d+),/)?.[1] ?? 0);
      const index = Math.floor((row - 1) / 2);
      reported.add(index);
      console.error(`${manifests[index]?.name ?? "?"}: ${line.replace(/^.*error /, "")}`);
    }
    return Math.max(1, reported.size);
  } finally {
    rmSync(source, { force: true });
  }
}
