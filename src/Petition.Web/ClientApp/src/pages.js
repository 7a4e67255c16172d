// Wires the certificate pages (step 5 finder, step 6 signing) to the NPKI module. No framework.
import {
  NpkiError, readChosenFiles, describeCertificate, decryptSignPriKey, signDocument, envelopeRandomNum,
  rememberCertificate, rememberedCertificates, toBase64, fromBase64,
} from './npki.js';

// certificatePolicies OIDs of the six licensed CAs (../shared/docs/npki.md): CA and usage labels.
const POLICIES = {
  '1.2.410.200005.1.1.1': ['금융결제원', '범용'], '1.2.410.200005.1.1.5': ['금융결제원', '범용(법인)'],
  '1.2.410.200005.1.1.4': ['금융결제원', '은행'], '1.2.410.200005.1.1.2': ['금융결제원', '은행(법인)'],
  '1.2.410.200004.5.2.1.2': ['한국정보인증', '범용'], '1.2.410.200004.5.2.1.1': ['한국정보인증', '범용(법인)'],
  '1.2.410.200004.5.2.1.7.1': ['한국정보인증', '은행'], '1.2.410.200004.5.2.1.7.2': ['한국정보인증', '증권'],
  '1.2.410.200004.5.2.1.7.3': ['한국정보인증', '카드'],
  '1.2.410.200004.5.1.1.5': ['코스콤', '범용'], '1.2.410.200004.5.1.1.7': ['코스콤', '범용(법인)'],
  '1.2.410.200004.5.1.1.9': ['코스콤', '증권'], '1.2.410.200004.5.1.1.9.2': ['코스콤', '카드'],
  '1.2.410.200004.5.4.1.1': ['한국전자인증', '범용'], '1.2.410.200004.5.4.1.2': ['한국전자인증', '범용(법인)'],
  '1.2.410.200004.5.4.1.101': ['한국전자인증', '은행'], '1.2.410.200004.5.4.1.102': ['한국전자인증', '증권'],
  '1.2.410.200004.5.4.1.103': ['한국전자인증', '카드'], '1.2.410.200004.5.4.1.104': ['한국전자인증', '민원'],
  '1.2.410.200012.1.1.1': ['한국무역정보통신', '범용'], '1.2.410.200012.1.1.3': ['한국무역정보통신', '범용(법인)'],
  '1.2.410.200012.1.1.101': ['한국무역정보통신', '은행'], '1.2.410.200012.1.1.103': ['한국무역정보통신', '증권'],
  '1.2.410.200012.1.1.105': ['한국무역정보통신', '카드'],
  '1.2.410.200004.5.3.1.9': ['한국정보사회진흥원', '범용'], '1.2.410.200004.5.3.1.2': ['한국정보사회진흥원', '범용(법인)'],
  '1.2.410.200004.5.3.1.1': ['한국정보사회진흥원', '기관'],
};
const POLICY_TABLE = Object.fromEntries(Object.entries(POLICIES).map(([oid, [ca, usage]]) => [oid, { ca, usage }]));

// The page's language (the layout's <html lang>): English for 'en', Korean otherwise.
const ENGLISH = (document.documentElement.lang || '').toLowerCase().startsWith('en');
const t = (ko, en) => (ENGLISH ? en : ko);

// English for the NPKI module's Korean messages, by their stable code.
const NPKI_ENGLISH = {
  none: 'No certificate (signCert.der and signPri.key) was found in the chosen location.',
  zip: 'The zip file cannot be opened.',
  format: 'The certificate or key file is not in the expected format.',
  unsupported: 'This private key is protected with an encryption method the browser does not support (such as ARIA).',
  password: 'The certificate password is incorrect. Please enter it again.',
  key: 'The private key cannot be read. The certificate file may be damaged.',
};
const npkiMessage = (e) => (ENGLISH ? NPKI_ENGLISH[e.code] ?? 'The certificate could not be used.' : e.message);

// Usage names of the policy table, in English.
const USAGE_ENGLISH = {
  범용: 'general purpose', '범용(법인)': 'general purpose (corporate)', 은행: 'banking', 증권: 'securities',
  카드: 'credit card', 민원: 'civil petitions', 기관: 'institution', '알 수 없음': 'unknown',
};
const usageText = (usage) => (ENGLISH ? USAGE_ENGLISH[usage] ?? usage : usage);
const CA_ENGLISH = {
  금융결제원: 'KFTC (yessign)', 한국정보인증: 'KICA (signGATE)', 코스콤: 'Koscom (SignKorea)',
  한국전자인증: 'CrossCert', 한국무역정보통신: 'KTNET (TradeSign)', 한국정보사회진흥원: 'NIA (NCASign)',
};
const caText = (ca) => (ENGLISH ? CA_ENGLISH[ca] ?? ca : ca);

const SELECTED_KEY = 'petition.npki.selected';
const ATTEMPTS_KEY = 'petition.npki.attempts';
const MAX_ATTEMPTS = 5;

const $ = (root, selector) => root.querySelector(selector);
const show = (el, visible) => { if (el) el.hidden = !visible; };
const formatDate = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function saveSelection(entry) {
  sessionStorage.setItem(SELECTED_KEY, JSON.stringify({ folder: entry.folder, certDer: toBase64(entry.certDer), keyDer: toBase64(entry.keyDer) }));
  sessionStorage.removeItem(ATTEMPTS_KEY);
}

function loadSelection() {
  const raw = sessionStorage.getItem(SELECTED_KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw);
    return { folder: s.folder, certDer: fromBase64(s.certDer), keyDer: fromBase64(s.keyDer) };
  } catch {
    return null;
  }
}

function describeText(info) {
  return `${info.owner} · ${caText(info.ca)} · ${usageText(info.usage)} · ${t('만료일', 'expires')} ${formatDate(info.notAfter)}`;
}

/** The finder: lists every certificate found, marks the unusable ones, and keeps the chosen one. */
function setUpPicker(picker, onChosen) {
  const accepted = (picker.dataset.acceptedPolicies || '').split(' ').filter(Boolean);
  // Member sign-in and binding use the same finder; only the "not accepted" wording differs.
  const forMember = picker.dataset.npkiContext === 'member';
  const list = $(picker, '[data-npki-list]');
  const error = $(picker, '[data-npki-picker-error]');
  const none = $(picker, '[data-npki-none]');
  const remember = $(picker, '[data-npki-remember]');
  let entries = [];

  function render() {
    list.replaceChildren();
    let firstUsable = null;
    entries.forEach((entry, index) => {
      let info;
      try {
        info = describeCertificate(entry.certDer, POLICY_TABLE, accepted);
      } catch {
        return;
      }
      entry.info = info;
      const id = index === 0 ? 'npki-cert' : `npki-cert-${index}`;
      const wrap = document.createElement('div');
      wrap.className = 'krds-form-check medium';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'npki-cert';
      input.id = id;
      input.value = String(index);
      input.disabled = !info.usable;
      input.dataset.npkiOwner = info.owner;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = `${info.owner} (${caText(info.ca)}, ${usageText(info.usage)})`;
      const detail = document.createElement('div');
      detail.className = 'krds-form-check-cnt';
      const p = document.createElement('p');
      p.className = 'krds-form-check-p';
      const problems = [];
      if (info.expired) problems.push(t('유효기간 만료', 'expired'));
      if (info.notYetValid) problems.push(t('유효기간 시작 전', 'not valid yet'));
      if (!info.accepted) {
        problems.push(forMember
          ? t('로그인에 사용할 수 없는 용도', 'a usage not accepted for sign-in')
          : t('이 민원에 사용할 수 없는 용도', 'a usage not accepted for this petition'));
      }
      p.textContent = `${t('만료일', 'Expires')} ${formatDate(info.notAfter)}${problems.length ? ` · ${t('사용 불가', 'cannot be used')}: ${problems.join(', ')}` : ''}`;
      detail.append(p);
      wrap.append(input, label, detail);
      input.addEventListener('change', () => choose(entry));
      list.append(wrap);
      if (info.usable && firstUsable === null) firstUsable = { input, entry };
    });
    show($(picker, '[data-npki-list-wrap]'), list.childElementCount > 0);
    show(none, entries.length > 0 && firstUsable === null);
    if (firstUsable) {
      firstUsable.input.checked = true;
      choose(firstUsable.entry);
    } else {
      onChosen(null);
    }
  }

  async function choose(entry) {
    saveSelection(entry);
    if (remember?.checked) await rememberCertificate(entry);
    onChosen(entry);
  }

  async function add(files) {
    show(error, false);
    try {
      const found = await readChosenFiles(files);
      if (found.length === 0) throw new NpkiError('none', '선택한 위치에서 인증서(signCert.der, signPri.key)를 찾지 못했습니다.');
      entries = [...found, ...entries.filter((e) => !found.some((f) => f.folder === e.folder))];
      render();
    } catch (e) {
      error.textContent = e instanceof NpkiError ? npkiMessage(e) : t('인증서 파일을 읽지 못했습니다.', 'The certificate files could not be read.');
      show(error, true);
    }
  }

  $(picker, '[data-npki-folder]').addEventListener('change', (e) => add(e.target.files));
  $(picker, '[data-npki-files]').addEventListener('change', (e) => add(e.target.files));
  remember?.addEventListener('change', async () => {
    const current = loadSelection();
    if (remember.checked && current) await rememberCertificate(current);
  });
  picker.hidden = false;
  rememberedCertificates().then((stored) => {
    if (stored.length > 0) {
      entries = stored.map((s) => ({ folder: s.folder, certDer: new Uint8Array(s.certDer), keyDer: new Uint8Array(s.keyDer) }));
      render();
    }
  });
}

function setUpCertificatePage(picker) {
  const has = document.getElementById('Choice-HasCertificate');
  const no = document.getElementById('Choice');
  const sync = () => { picker.hidden = !has.checked; };
  has.addEventListener('change', sync);
  no.addEventListener('change', sync);
  // Nothing usable: the picker says so and the citizen chooses "없습니다" themselves.
  setUpPicker(picker, () => {});
  sync();
}

function setUpSignaturePage(form, picker) {
  const forMember = picker.dataset.npkiContext === 'member';
  const TOO_MANY = () => (forMember
    ? t('비밀번호를 5번 잘못 입력했습니다. 인증서를 다시 선택하거나 아이디로 로그인해 주세요.', 'The password was entered wrongly 5 times. Please choose the certificate again or sign in with your ID.')
    : t('비밀번호를 5번 잘못 입력했습니다. 인증서를 다시 선택하거나 인증서 없이 신청해 주세요.', 'The password was entered wrongly 5 times. Please choose the certificate again or apply without a certificate.'));
  const password = $(form, '[data-npki-password]');
  const error = $(form, '[data-npki-sign-error]');
  const button = $(form, '[data-npki-sign]');
  const selected = $(form, '[data-npki-selected]');
  const content = new TextEncoder().encode($(document, '[data-document]').textContent);
  // Without a key-management certificate (member sign-in) R is not sent: no identity check is made there.
  const km = form.dataset.kmCertificate ? fromBase64(form.dataset.kmCertificate) : null;
  let current = loadSelection();

  const showSelected = () => {
    show(selected, !!current);
    if (current) {
      try {
        $(form, '[data-npki-selected-text]').textContent = describeText(describeCertificate(current.certDer, POLICY_TABLE, []));
      } catch {
        current = null;
      }
    }
    picker.hidden = !!current;
  };
  setUpPicker(picker, (entry) => { if (entry) { current = entry; showSelected(); } });
  showSelected();

  const fail = (message) => {
    error.textContent = message;
    show(error, true);
    password.setAttribute('aria-invalid', 'true');
    $(form, '[data-password-conts]').classList.add('is-error');
    password.focus();
  };

  form.addEventListener('submit', async (event) => {
    if ($(form, '[data-signed-data]').value) return; // signed: let the post go
    event.preventDefault();
    if (!current) return fail(t('먼저 서명에 사용할 인증서를 선택해 주세요.', 'Please choose the certificate to sign with first.'));
    if (!password.value) return fail(t('인증서 비밀번호를 입력해 주세요.', 'Please enter the certificate password.'));
    const attempts = Number(sessionStorage.getItem(ATTEMPTS_KEY) || '0');
    if (attempts >= MAX_ATTEMPTS) return fail(TOO_MANY());
    button.disabled = true;
    try {
      const { pkcs8, randomNum } = await decryptSignPriKey(current.keyDer, password.value);
      const cms = await signDocument(current.certDer, pkcs8, content);
      $(form, '[data-signed-data]').value = toBase64(cms);
      if (randomNum && km) $(form, '[data-encrypted-r]').value = toBase64(await envelopeRandomNum(km, randomNum));
      password.value = '';
      sessionStorage.removeItem(ATTEMPTS_KEY);
      form.submit();
    } catch (e) {
      button.disabled = false;
      if (e instanceof NpkiError && e.code === 'password') {
        const left = MAX_ATTEMPTS - attempts - 1;
        sessionStorage.setItem(ATTEMPTS_KEY, String(attempts + 1));
        if (left <= 0) {
          sessionStorage.removeItem(SELECTED_KEY);
          return fail(TOO_MANY());
        }
        return fail(`${npkiMessage(e)} ${t(`(남은 횟수 ${left}번)`, `(${left} ${left === 1 ? 'attempt' : 'attempts'} left)`)}`);
      }
      return fail(e instanceof NpkiError ? npkiMessage(e) : t('전자서명 중 오류가 발생했습니다. 다시 시도해 주세요.', 'An error occurred while signing. Please try again.'));
    }
  });
}

function init() {
  const picker = document.querySelector('[data-npki-picker]');
  const form = document.querySelector('[data-npki-sign-form]');
  if (form && picker) setUpSignaturePage(form, picker);
  else if (picker) setUpCertificatePage(picker);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();

export * as npki from './npki.js';
