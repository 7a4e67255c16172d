// NPKI in the browser: read signCert.der / signPri.key, decrypt the key with the citizen's password
// (SEED, as docs/pki.md and ../shared/docs/npki.md describe), sign the portal's document as CMS
// SignedData, and encrypt R to the portal's key-management certificate (CMS EnvelopedData).
// The private key and the password never leave this page.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { KISA_SEED_CBC } from 'kisa-seed';
import { unzipSync } from 'fflate';

const OID_PBE_SHA1_SEED = '1.2.410.200004.1.15';
const OID_PBES2 = '1.2.840.113549.1.5.13';
const OID_PBKDF2 = '1.2.840.113549.1.5.12';
const OID_SEED_CBC = '1.2.410.200004.1.4';
const OID_HMAC_SHA1 = '1.2.840.113549.2.7';
const OID_HMAC_SHA256 = '1.2.840.113549.2.9';
const OID_RANDOM_NUM = '1.2.410.200004.10.1.1.3';
const OID_CERT_POLICIES = '2.5.29.32';

/** A failure the page explains to the citizen in Korean; `code` is stable for tests. */
export class NpkiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const bytes = (b) => (b instanceof Uint8Array ? b : new Uint8Array(b));
const subtle = () => globalThis.crypto.subtle;
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) { out.set(p, offset); offset += p.length; }
  return out;
};
export const toBase64 = (b) => {
  let s = '';
  for (const x of bytes(b)) s += String.fromCharCode(x);
  return btoa(s);
};
export const fromBase64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

function parseDer(der, what) {
  const asn = asn1js.fromBER(bytes(der));
  if (asn.offset === -1) throw new NpkiError('format', `${what} 파일의 형식이 올바르지 않습니다.`);
  return asn.result;
}

// ---------------------------------------------------------------------------------------------
// Finding certificates: a folder (webkitdirectory), loose files, or a zip of the NPKI folder.

/**
 * Groups the chosen files into certificates: every folder holding signCert.der and signPri.key.
 * @param {{name: string, path: string, data: Uint8Array}[]} files
 */
export function pairCertificateFiles(files) {
  const folders = new Map();
  for (const file of files) {
    const path = file.path.replace(/\\/g, '/');
    const slash = path.lastIndexOf('/');
    const folder = slash < 0 ? '' : path.slice(0, slash);
    const name = (slash < 0 ? path : path.slice(slash + 1)).toLowerCase();
    if (name !== 'signcert.der' && name !== 'signpri.key') continue;
    const entry = folders.get(folder) ?? { folder };
    entry[name === 'signcert.der' ? 'certDer' : 'keyDer'] = file.data;
    folders.set(folder, entry);
  }
  return [...folders.values()].filter((e) => e.certDer && e.keyDer);
}

/** Reads File objects (from an input) and unpacks zips, then pairs them. */
export async function readChosenFiles(fileList) {
  const files = [];
  for (const file of fileList) {
    const data = new Uint8Array(await file.arrayBuffer());
    const path = file.webkitRelativePath || file.name;
    if (/\.zip$/i.test(file.name)) {
      let entries;
      try {
        entries = unzipSync(data);
      } catch {
        throw new NpkiError('zip', `${file.name}: 압축 파일을 열 수 없습니다.`);
      }
      for (const [name, content] of Object.entries(entries)) files.push({ name, path: name, data: content });
    } else {
      files.push({ name: file.name, path, data });
    }
  }
  return pairCertificateFiles(files);
}

// ---------------------------------------------------------------------------------------------
// Describing a certificate for the list: owner, CA, usage, expiry.

function rdnValue(name, oid) {
  const found = name.typesAndValues.find((tv) => tv.type === oid);
  return found ? found.value.valueBlock.value : null;
}

/**
 * @param {Uint8Array} certDer
 * @param {Record<string, {ca: string, usage: string}>} policyTable policy OID -> CA and usage
 * @param {string[]} acceptedPolicies OIDs this petition type accepts
 * @param {Date} now
 */
export function describeCertificate(certDer, policyTable, acceptedPolicies, now = new Date()) {
  const cert = new pkijs.Certificate({ schema: parseDer(certDer, '인증서') });
  const cn = rdnValue(cert.subject, '2.5.4.3') ?? '';
  const owner = cn.replace(/\(\).*$/, '').trim() || cn;
  const issuerO = rdnValue(cert.issuer, '2.5.4.10') ?? rdnValue(cert.issuer, '2.5.4.3') ?? '';
  const policyExt = (cert.extensions ?? []).find((e) => e.extnID === OID_CERT_POLICIES);
  const policies = policyExt?.parsedValue?.certificatePolicies?.map((p) => p.policyIdentifier) ?? [];
  const known = policies.map((oid) => policyTable[oid]).find(Boolean);
  const notBefore = cert.notBefore.value;
  const notAfter = cert.notAfter.value;
  const accepted = policies.some((oid) => acceptedPolicies.includes(oid));
  const expired = now > notAfter;
  const notYetValid = now < notBefore;
  return {
    owner,
    subject: cn,
    ca: known?.ca ?? issuerO,
    usage: known?.usage ?? '알 수 없음',
    policies,
    notBefore,
    notAfter,
    accepted,
    expired,
    notYetValid,
    usable: accepted && !expired && !notYetValid,
  };
}

// ---------------------------------------------------------------------------------------------
// Decrypting signPri.key.

async function sha1(data) {
  return new Uint8Array(await subtle().digest('SHA-1', data));
}

/** pbeWithSHA1AndSEED-CBC key derivation (PBKDF1-SHA1): key = DK[0..16), IV = SHA1(DK[16..20))[0..16). */
export async function deriveSeedKeyPbkdf1(password, salt, iterations) {
  let t = await sha1(concat(new TextEncoder().encode(password), bytes(salt)));
  for (let i = 1; i < iterations; i++) t = await sha1(t);
  const iv = (await sha1(t.slice(16, 20))).slice(0, 16);
  return { key: t.slice(0, 16), iv, dk: t };
}

async function pbkdf2(password, salt, iterations, hash, length) {
  const base = await subtle().importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', salt: bytes(salt), iterations, hash }, base, length * 8);
  return new Uint8Array(bits);
}

export function seedCbcDecrypt(key, iv, data) {
  const plain = KISA_SEED_CBC.SEED_CBC_Decrypt(bytes(key), bytes(iv), bytes(data), 0, data.length);
  return plain && plain.length > 0 ? plain : null;
}

function wrongPassword() {
  return new NpkiError('password', '인증서 비밀번호가 올바르지 않습니다. 다시 입력해 주세요.');
}

/**
 * Decrypts signPri.key. Returns the PKCS#8 key without attributes (for WebCrypto) and R.
 * @returns {Promise<{pkcs8: Uint8Array, randomNum: Uint8Array | null}>}
 */
export async function decryptSignPriKey(keyDer, password) {
  const epki = parseDer(keyDer, '개인키');
  const [algorithm, encrypted] = epki.valueBlock.value;
  const oid = algorithm?.valueBlock?.value?.[0]?.valueBlock?.toString();
  const params = algorithm?.valueBlock?.value?.[1];
  const cipherText = encrypted?.valueBlock?.valueHexView;
  if (!oid || !cipherText) throw new NpkiError('format', '개인키 파일의 형식이 올바르지 않습니다.');

  let key;
  let iv;
  if (oid === OID_PBE_SHA1_SEED) {
    const [salt, iterations] = params.valueBlock.value;
    ({ key, iv } = await deriveSeedKeyPbkdf1(password, salt.valueBlock.valueHexView, iterations.valueBlock.valueDec));
  } else if (oid === OID_PBES2) {
    const [kdf, scheme] = params.valueBlock.value;
    const kdfOid = kdf.valueBlock.value[0].valueBlock.toString();
    const schemeOid = scheme.valueBlock.value[0].valueBlock.toString();
    if (kdfOid !== OID_PBKDF2) throw new NpkiError('unsupported', '지원하지 않는 개인키 암호화 방식입니다.');
    if (schemeOid !== OID_SEED_CBC) {
      throw new NpkiError('unsupported', '이 개인키는 브라우저에서 지원하지 않는 암호화 방식(ARIA 등)으로 보호되어 있습니다.');
    }
    const kdfParams = kdf.valueBlock.value[1].valueBlock.value;
    const salt = kdfParams[0].valueBlock.valueHexView;
    const iterations = kdfParams[1].valueBlock.valueDec;
    const prf = kdfParams.find((p, i) => i >= 2 && p.idBlock.tagNumber === 16);
    const prfOid = prf ? prf.valueBlock.value[0].valueBlock.toString() : OID_HMAC_SHA1;
    const hash = prfOid === OID_HMAC_SHA256 ? 'SHA-256' : 'SHA-1';
    key = await pbkdf2(password, salt, iterations, hash, 16);
    iv = scheme.valueBlock.value[1].valueBlock.valueHexView;
  } else {
    throw new NpkiError('unsupported', '지원하지 않는 개인키 암호화 방식입니다.');
  }

  const plain = seedCbcDecrypt(key, iv, cipherText);
  if (!plain) throw wrongPassword();
  const parsed = asn1js.fromBER(plain);
  if (parsed.offset === -1) throw wrongPassword();
  let info;
  try {
    info = new pkijs.PrivateKeyInfo({ schema: parsed.result });
  } catch {
    throw wrongPassword();
  }

  let randomNum = null;
  for (const attribute of info.attributes ?? []) {
    if (attribute.type === OID_RANDOM_NUM && attribute.values[0]) {
      randomNum = new Uint8Array(attribute.values[0].valueBlock.valueHexView);
    }
  }
  const clean = new pkijs.PrivateKeyInfo({
    version: info.version,
    privateKeyAlgorithm: info.privateKeyAlgorithm,
    privateKey: info.privateKey,
  });
  return { pkcs8: new Uint8Array(clean.toSchema().toBER()), randomNum };
}

// ---------------------------------------------------------------------------------------------
// Signing and enveloping.

async function importSigningKey(pkcs8) {
  try {
    return await subtle().importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  } catch {
    throw new NpkiError('key', '개인키를 읽을 수 없습니다. 인증서 파일이 손상되었을 수 있습니다.');
  }
}

/** CMS SignedData (content attached, SHA-256, signer certificate included, signed attributes). */
export async function signDocument(certDer, pkcs8, content, signingTime = new Date()) {
  const cert = new pkijs.Certificate({ schema: parseDer(certDer, '인증서') });
  const privateKey = await importSigningKey(pkcs8);
  const data = bytes(content);
  const digest = new Uint8Array(await subtle().digest('SHA-256', data));
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: pkijs.id_ContentType_Data,
      eContent: new asn1js.OctetString({ valueHex: data }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          // In DER order (a SET OF sorts by encoding): verifiers re-encode the set before checking.
          attributes: [
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: pkijs.id_ContentType_Data })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.5', values: [new asn1js.UTCTime({ valueDate: signingTime })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
          ],
        }),
      }),
    ],
    certificates: [cert],
  });
  await signed.sign(privateKey, 0, 'SHA-256');
  const contentInfo = new pkijs.ContentInfo({ contentType: pkijs.id_ContentType_SignedData, content: signed.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

/** CMS EnvelopedData carrying R to the portal's key-management certificate (RSA-OAEP, AES-256-CBC). */
export async function envelopeRandomNum(kmCertDer, randomNum) {
  const cert = new pkijs.Certificate({ schema: parseDer(kmCertDer, '기관 인증서') });
  const enveloped = new pkijs.EnvelopedData();
  enveloped.addRecipientByCertificate(cert, { oaepHashAlgorithm: 'SHA-256' });
  await enveloped.encrypt({ name: 'AES-CBC', length: 256 }, bytes(randomNum));
  const contentInfo = new pkijs.ContentInfo({ contentType: pkijs.id_ContentType_EnvelopedData, content: enveloped.toSchema() });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

// ---------------------------------------------------------------------------------------------
// Certificates remembered in this browser (IndexedDB). The key file stays password-encrypted.

const DB_NAME = 'petition-npki';
const STORE = 'certificates';

function openStore() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function storeOp(mode, action) {
  const db = await openStore();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result?.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function rememberCertificate(entry) {
  const id = toBase64(new Uint8Array(await subtle().digest('SHA-256', entry.certDer)));
  await storeOp('readwrite', (s) => s.put({ id, folder: entry.folder, certDer: entry.certDer, keyDer: entry.keyDer }));
  return id;
}

export async function rememberedCertificates() {
  try {
    return (await storeOp('readonly', (s) => s.getAll())) ?? [];
  } catch {
    return [];
  }
}

export async function forgetCertificate(id) {
  await storeOp('readwrite', (s) => s.delete(id));
}
