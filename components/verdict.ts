/** The comparison badge: the verdict of a rerun against its pin, with the measured deviation per rule. */
import type { Agreement } from '../src/figure/agreement';

const WORDS = {
  bitwise: 'Reproduced bit for bit',
  'within-tolerance': 'Agrees with the pin within the declared tolerance',
  differs: 'Differs from the pin',
};

export function renderVerdict(box: HTMLElement, agreement: Agreement | undefined, facts: string) {
  box.hidden = false;
  box.dataset.verdict = agreement?.verdict ?? 'no-pin';
  box.replaceChildren();
  const head = document.createElement('p');
  const strong = document.createElement('strong');
  strong.textContent = agreement ? WORDS[agreement.verdict] : 'No pin exists for these parameters';
  head.append(strong, document.createTextNode(`. ${agreement?.reason ? `${agreement.reason}. ` : ''}${facts}`));
  box.append(head);
  if (!agreement?.rules.length) return;
  const table = document.createElement('table');
  table.innerHTML = '<thead><tr><th>series</th><th>measure</th><th>deviation</th><th>tolerance</th><th>worst point</th></tr></thead>';
  const body = table.createTBody();
  for (const rule of agreement.rules) {
    const row = body.insertRow();
    for (const text of [rule.series.join(', '), rule.measure, rule.deviation.toExponential(2), rule.tolerance.toExponential(1), rule.worst]) {
      row.insertCell().textContent = text;
    }
  }
  box.append(table);
}
