/** The certification page's stylesheet, served as /certification/assets/certification.css (no inline styles under the page CSP). */
export const SITE_STYLE = `
:root { font-family: system-ui, sans-serif; color: #1b1b1f; background: #f6f7f9; line-height: 1.45; }
body { margin: 0; }
header { background: #123c69; color: #fff; padding: 1.25rem 2rem; }
header h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
header p { margin: 0; max-width: 48rem; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 2rem 3rem; }
.steps { display: flex; gap: .5rem; list-style: none; padding: 0; margin: 1rem 0; flex-wrap: wrap; }
.steps li { padding: .4rem .8rem; border-radius: 1rem; background: #e3e7ee; color: #33394a; }
.steps li[aria-current="step"] { background: #123c69; color: #fff; font-weight: 600; }
section { background: #fff; border: 1px solid #d5dae3; border-radius: .5rem; padding: 1rem 1.5rem; margin: 1rem 0; }
h2 { margin-top: 0; font-size: 1.25rem; }
form { display: grid; gap: .4rem; max-width: 28rem; }
label { font-weight: 600; }
input:not([type="checkbox"]) { padding: .45rem; border: 1px solid #8a93a6; border-radius: .3rem; font: inherit; }
button { justify-self: start; padding: .45rem 1rem; border: 0; border-radius: .3rem; background: #123c69; color: #fff; font: inherit; cursor: pointer; }
button:disabled { background: #8a93a6; cursor: not-allowed; }
fieldset { border: 1px solid #d5dae3; border-radius: .3rem; }
.features { list-style: none; padding: 0; margin: 0; display: grid; gap: .25rem; }
.features label { font-weight: normal; }
.message { min-height: 1.2rem; margin: .25rem 0; }
.message.error { color: #a4000f; }
.config { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.config dt { font-weight: 600; }
.config dd { margin: 0; }
.cases { list-style: none; padding: 0; display: grid; gap: .75rem; }
.case { border: 1px solid #d5dae3; border-radius: .4rem; padding: .75rem 1rem; }
.case h3 { margin: 0; font-size: 1.05rem; }
.case-id { margin: .1rem 0; color: #4a5163; font-size: .9rem; }
.status { display: inline-block; margin: .3rem 0; padding: .1rem .6rem; border-radius: .8rem; font-weight: 600; background: #e3e7ee; }
.status-active { background: #fff1c2; color: #5c4500; }
.status-passed { background: #d4f3dc; color: #0c5a23; }
.status-failed { background: #fbd9dc; color: #8a0010; }
.failures { color: #8a0010; margin: .25rem 0; }
.calls { font-size: .85rem; padding-left: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: .75rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
th, td { text-align: left; border-bottom: 1px solid #d5dae3; padding: .3rem .5rem; vertical-align: top; }
code { font-size: .9em; word-break: break-all; }
`;
