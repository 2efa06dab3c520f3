/**
 * The comparison badge: the verdict of a rerun against its pin, with the measured deviation per rule (series named
 * for readers, see series-labels.ts), and the paper's claims checked on the reader's own run.
 */
import type { Agreement } from '../src/figure/agreement';
import type { Series } from '../src/figure/contract';
import type { ClaimResult } from '../src/pins/pin';
import { humanise, patternLabel } from './series-labels';

const WORDS = {
  bitwise: 'Reproduced bit for bit',
  'within-tolerance': 'Agrees with the pin within the declared tolerance',
  differs: 'Differs from the pin',
};

export interface ClaimsOnRun {
  results: ClaimResult[];
  /** False when the run's settings are not the figure's defaults, the only ones the claims must hold for. */
  atDefaults: boolean;
}

export function renderVerdict(box: HTMLElement, agreement: Agreement | undefined, facts: string, series?: Series, claims?: ClaimsOnRun) {
  box.hidden = false;
  box.dataset.verdict = agreement?.verdict ?? 'no-pin';
  box.replaceChildren();
  const head = document.createElement('p');
  const strong = document.createElement('strong');
  strong.textContent = agreement ? WORDS[agreement.verdict] : 'No pin exists for these parameters';
  const reason = agreement?.reason ? `${humanise(agreement.reason, series)}. ` : '';
  head.append(strong, document.createTextNode(`. ${reason}${facts}`));
  box.append(head);
  if (agreement?.rules.length) {
    const table = document.createElement('table');
    table.innerHTML = '<thead><tr><th>series</th><th>measure</th><th>deviation</th><th>tolerance</th><th>worst point</th></tr></thead>';
    const body = table.createTBody();
    for (const rule of agreement.rules) {
      const row = body.insertRow();
      const cells = [
        rule.series.map(patternLabel).join(', '),
        rule.measure,
        rule.deviation.toExponential(2),
        rule.tolerance.toExponential(1),
        humanise(rule.worst, series),
      ];
      for (const text of cells) row.insertCell().textContent = text.replace(/(^|e)-/g, '$1−');
    }
    box.append(table);
  }
  if (claims) renderClaims(box, claims, series);
}

function renderClaims(box: HTMLElement, { results, atDefaults }: ClaimsOnRun, series?: Series) {
  const section = document.createElement('div');
  section.className = 'claims-on-run';
  section.dataset.claims = results.every((r) => r.pass) ? 'pass' : 'fail';
  const head = document.createElement('p');
  const passed = results.filter((r) => r.pass).length;
  head.textContent =
    `The paper's claims, checked on your run: ${passed} of ${results.length} hold.` +
    (atDefaults ? '' : ' These are not the figure\'s default settings; only the defaults must show them, and a shorter or smaller run need not.');
  const list = document.createElement('ul');
  for (const r of results) {
    const item = list.appendChild(document.createElement('li'));
    item.dataset.pass = String(r.pass);
    item.textContent = `${r.pass ? '✓' : '✗'} ${r.statement} (${humanise(r.detail, series)})`;
  }
  section.append(head, list);
  box.append(section);
}
