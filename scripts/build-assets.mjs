// Builds Candour's stylesheet from GOV.UK Frontend's Sass with our own font settings (Arial, no
// GDS Transport, no crown) and copies the few assets the pages use into intake/static/.
import { compile } from "sass";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";

const out = "intake/static";
mkdirSync(`${out}/vendor`, { recursive: true });
const css = compile("scripts/candour.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "slash-div"],
});
writeFileSync(`${out}/candour.css`, css.css);
copyFileSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/vendor/govuk-frontend.min.js`);
// axe-core is a test tool: the browser tests load it from node_modules, the app never serves it
// (older builds copied it here, so remove that copy).
rmSync(`${out}/vendor/axe.min.js`, { force: true });
console.log(`built ${out}/candour.css (${css.css.length} bytes)`);
