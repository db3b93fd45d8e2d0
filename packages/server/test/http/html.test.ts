import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, html, trusted } from '../../src/http/html.ts';

test('html escapes interpolated text, keeps Html, flattens arrays and drops null, undefined and false', () => {
  const name = `<script>alert("x")</script> & 'quotes'`;
  const rows = ['a<b', 'c'].map((v) => html`<li>${v}</li>`);
  const out = html`<p title="${name}">${name}</p>
    <ul>
      ${rows}
    </ul>
    ${null}${undefined}${false}${0}${trusted('<hr>')}`.text;
  assert.equal(
    out.replace(/>\s+</g, '><').replace(/>\s+0/, '>0'),
    '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>' +
      '<ul><li>a&lt;b</li><li>c</li></ul>0<hr>',
  );
  assert.equal(escapeHtml('plain'), 'plain');
});
