using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;
using Petition.Core.Applications;
using Petition.Core.Documents;
using QRCoder;

namespace Petition.Infrastructure.Documents;

/// <summary>
/// Issues a completed petition's document: an A4 PDF in Pretendard GOV (text extractable) with a QR code of
/// the signed <see cref="QrPayload"/>, digitally signed (CMS detached, adbe.pkcs7.detached) by the institution key.
/// </summary>
public sealed class DocumentIssuer(IInstitutionKeySource keys, IOptions<DocumentOptions> options) : IDocumentIssuer
{
    private const double Margin = 56;
    private const double LabelWidth = 130;
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XColor Ink = XColor.FromArgb(0x1E, 0x21, 0x24);
    private static readonly XColor Muted = XColor.FromArgb(0x58, 0x5F, 0x66);
    private static readonly XColor Line = XColor.FromArgb(0xCD, 0xD1, 0xD5);
    private static readonly XColor Accent = XColor.FromArgb(0x00, 0x37, 0x64);
    private static readonly XColor Seal = XColor.FromArgb(0xC4, 0x1E, 0x1E);

    public IssuedDocument Issue(PetitionRecord petition, string documentNumber, DateTime issuedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(petition);
        if (!DocumentNumber.TryNormalize(documentNumber, out var number))
        {
            throw new ArgumentException("Not a document number made by DocumentNumber.New().", nameof(documentNumber));
        }

        // The key is loaded once per node (the web app warms it up at start), so this rarely waits.
        var key = keys.GetAsync().GetAwaiter().GetResult()
            ?? throw new InvalidOperationException("The institution key is not available: documents cannot be issued.");
        var issued = DateTime.SpecifyKind(issuedAtUtc, DateTimeKind.Utc);
        var content = DocumentContent.For(petition, number, issued, options.Value.Institution);
        var qr = QrPayload.Create(
            new QrClaims(number, petition.ReceiptNumber, content.Title, content.MaskedApplicantName, TruncateToSeconds(issued), content.CanonicalTextSha256, key.KeyId),
            key);
        var pdf = Render(content, qr, key, options.Value.VerifyUrl);
        return new IssuedDocument
        {
            DocumentNumber = number,
            PetitionId = petition.Id,
            ReceiptNumber = petition.ReceiptNumber,
            Title = content.Title,
            ApplicantName = petition.ApplicantName,
            IssuedAtUtc = issued,
            Pdf = pdf,
            PdfSha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)),
            QrPayload = qr,
        };
    }

    private static DateTime TruncateToSeconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static byte[] Render(DocumentContent content, string qrPayload, InstitutionKey key, string verifyUrl)
    {
        DocumentFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = content.Title;
        document.Info.Author = content.Institution;
        document.Info.Subject = $"발급번호 {content.DocumentNumber} · 접수번호 {content.ReceiptNumber}";
        document.Info.Creator = "고용노동부 민원마당 (데모)";
        document.Info.CreationDate = content.IssuedAtUtc;
        document.Info.ModificationDate = content.IssuedAtUtc;

        var writer = new PageWriter(document);
        writer.Header(content);
        foreach (var section in content.Sections)
        {
            writer.Section(section);
        }

        writer.Closing(content, qrPayload, verifyUrl);
        writer.Finish();

        DigitalSignatureHandler.ForDocument(document, new CmsPdfSigner(key, content.IssuedAtUtc), new DigitalSignatureOptions
        {
            Reason = "발급문서 전자서명",
            Location = "대한민국",
            ContactInfo = verifyUrl,
            AppName = "고용노동부 민원마당 (데모)",
            PageIndex = 0,
            Rectangle = new XRect(0, 0, 0, 0),
        });
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>Lays out text top to bottom, starting new pages as needed.</summary>
    private sealed class PageWriter
    {
        private readonly PdfDocument _document;
        private readonly XFont _title = new(DocumentFonts.Family, 22, XFontStyleEx.Bold, Unicode);
        private readonly XFont _heading = new(DocumentFonts.Family, 12, XFontStyleEx.Bold, Unicode);
        private readonly XFont _body = new(DocumentFonts.Family, 10, XFontStyleEx.Regular, Unicode);
        private readonly XFont _label = new(DocumentFonts.Family, 10, XFontStyleEx.Bold, Unicode);
        private readonly XFont _small = new(DocumentFonts.Family, 8.5, XFontStyleEx.Regular, Unicode);
        private readonly XFont _institution = new(DocumentFonts.Family, 18, XFontStyleEx.Bold, Unicode);
        private readonly XFont _seal = new(DocumentFonts.Family, 9, XFontStyleEx.Bold, Unicode);
        private readonly List<(PdfPage Page, XGraphics Graphics)> _pages = [];
        private double _y;
        private string _footer = string.Empty;

        public PageWriter(PdfDocument document)
        {
            _document = document;
            NewPage();
        }

        private XGraphics G => _pages[^1].Graphics;

        private PdfPage Page => _pages[^1].Page;

        private double Width => Page.Width.Point - (2 * Margin);

        private double Bottom => Page.Height.Point - 62;

        private void NewPage()
        {
            var page = _document.AddPage();
            page.Size = PageSize.A4;
            _pages.Add((page, XGraphics.FromPdfPage(page)));
            _y = Margin;
        }

        private void Ensure(double height)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
        }

        public void Header(DocumentContent content)
        {
            _footer = $"발급번호 {content.DocumentNumber}";
            G.DrawString("고용노동부 민원마당 · 전자문서", _small, new XSolidBrush(Muted), new XPoint(Margin, _y));
            G.DrawString($"발급번호 {content.DocumentNumber}", _small, new XSolidBrush(Muted), new XRect(Margin, _y - 8.5, Width, 12), XStringFormats.TopRight);
            _y += 28;
            G.DrawString(content.Title, _title, new XSolidBrush(Ink), new XRect(Margin, _y, Width, 30), XStringFormats.TopCenter);
            _y += 40;
            G.DrawLine(new XPen(Accent, 2), Margin, _y, Margin + Width, _y);
            _y += 12;
        }

        public void Section(DocumentSection section)
        {
            Ensure(46);
            G.DrawString(section.Heading, _heading, new XSolidBrush(Accent), new XPoint(Margin, _y + 12));
            _y += 19;
            G.DrawLine(new XPen(Ink, 0.8), Margin, _y, Margin + Width, _y);
            foreach (var field in section.Fields)
            {
                var labels = Wrap(field.Label, _label, LabelWidth - 14);
                var lines = Wrap(field.Value, _body, Width - LabelWidth - 18);
                var rowHeight = (Math.Max(labels.Count, lines.Count) * 13.5) + 7;
                if (_y + rowHeight > Bottom)
                {
                    NewPage();
                    G.DrawLine(new XPen(Ink, 0.8), Margin, _y, Margin + Width, _y);
                }

                G.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xF4, 0xF5, 0xF6)), Margin, _y, LabelWidth, rowHeight);
                var labelY = _y + 14;
                foreach (var line in labels)
                {
                    G.DrawString(line, _label, new XSolidBrush(Ink), new XPoint(Margin + 7, labelY));
                    labelY += 13.5;
                }

                var lineY = _y + 14;
                foreach (var line in lines)
                {
                    G.DrawString(line, _body, new XSolidBrush(Ink), new XPoint(Margin + LabelWidth + 10, lineY));
                    lineY += 13.5;
                }

                _y += rowHeight;
                G.DrawLine(new XPen(Line, 0.6), Margin, _y, Margin + Width, _y);
            }

            _y += 12;
        }

        public void Closing(DocumentContent content, string qrPayload, string verifyUrl)
        {
            const double qrSize = 96;
            var statement = Wrap(content.Statement, _body, Width);
            Ensure((statement.Count * 16) + 78 + qrSize + 8);
            _y += 4;
            foreach (var line in statement)
            {
                G.DrawString(line, _body, new XSolidBrush(Ink), new XRect(Margin, _y, Width, 16), XStringFormats.TopCenter);
                _y += 16;
            }

            _y += 6;
            G.DrawString(content.IssuedDay, _body, new XSolidBrush(Ink), new XRect(Margin, _y, Width, 16), XStringFormats.TopCenter);
            _y += 24;
            G.DrawString(content.Institution, _institution, new XSolidBrush(Ink), new XRect(Margin, _y, Width, 24), XStringFormats.TopCenter);
            var nameWidth = G.MeasureString(content.Institution, _institution).Width;
            var sealX = Margin + (Width / 2) + (nameWidth / 2) + 10;
            G.DrawRectangle(new XPen(Seal, 1.6), sealX, _y - 6, 36, 36);
            G.DrawString("직인", _seal, new XSolidBrush(Seal), new XRect(sealX, _y + 2, 36, 10), XStringFormats.TopCenter);
            G.DrawString("생략", _seal, new XSolidBrush(Seal), new XRect(sealX, _y + 14, 36, 10), XStringFormats.TopCenter);
            _y += 44;

            DrawQr(qrPayload, Margin, _y, qrSize);
            var textX = Margin + qrSize + 16;
            var notes = new[]
            {
                "[발급문서 진위확인]",
                $"{verifyUrl} 에서 발급번호를 입력하거나 이 문서(PDF)를 올리면 위조·변조 여부와 발급 일시를 확인할 수 있습니다.",
                "왼쪽 QR코드에는 기관 인증서로 서명한 발급 정보(발급번호, 접수번호, 제목, 성명 일부, 발급일시, 내용 해시)가 들어 있어 누리집에 접속하지 않고도 서명을 검증할 수 있습니다.",
                "이 PDF 파일은 고용노동부 기관 인증서로 전자서명되어 있으며, 내용을 바꾸면 서명 검증에 실패합니다.",
            };
            var noteY = _y + 8;
            foreach (var (note, index) in notes.Select((n, i) => (n, i)))
            {
                foreach (var line in Wrap(note, index == 0 ? _label : _small, Width - qrSize - 16))
                {
                    G.DrawString(line, index == 0 ? _label : _small, new XSolidBrush(index == 0 ? Ink : Muted), new XPoint(textX, noteY));
                    noteY += index == 0 ? 14 : 11;
                }

                noteY += 3;
            }

            _y += qrSize + 8;
        }

        public void Finish()
        {
            for (var i = 0; i < _pages.Count; i++)
            {
                var (page, g) = _pages[i];
                var y = page.Height.Point - 42;
                g.DrawLine(new XPen(Line, 0.6), Margin, y - 12, page.Width.Point - Margin, y - 12);
                g.DrawString("이 문서는 시연용 데모 서비스가 발급한 것으로 법적 효력이 없으며, 모든 이름과 번호는 가상의 데이터입니다.", _small, new XSolidBrush(Muted), new XPoint(Margin, y));
                g.DrawString($"{_footer} · {i + 1}/{_pages.Count}", _small, new XSolidBrush(Muted), new XRect(Margin, y + 3, page.Width.Point - (2 * Margin), 12), XStringFormats.TopRight);
                g.Dispose();
            }
        }

        private void DrawQr(string payload, double x, double y, double size)
        {
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.L);
            var matrix = data.ModuleMatrix;
            var cell = size / matrix.Count;
            var black = new XSolidBrush(XColors.Black);
            for (var row = 0; row < matrix.Count; row++)
            {
                for (var column = 0; column < matrix.Count; column++)
                {
                    if (matrix[row][column])
                    {
                        // A hair of overlap so no seams show between modules.
                        G.DrawRectangle(black, x + (column * cell), y + (row * cell), cell + 0.05, cell + 0.05);
                    }
                }
            }
        }

        /// <summary>Greedy wrap: breaks at spaces where it can, inside a word where it must (long Korean runs).</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var result = new List<string>();
            foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                var line = string.Empty;
                foreach (var word in paragraph.Split(' '))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (G.MeasureString(candidate, font).Width <= width)
                    {
                        line = candidate;
                        continue;
                    }

                    if (line.Length > 0)
                    {
                        result.Add(line);
                    }

                    line = string.Empty;
                    foreach (var c in word)
                    {
                        if (line.Length > 0 && G.MeasureString(line + c, font).Width > width)
                        {
                            result.Add(line);
                            line = string.Empty;
                        }

                        line += c;
                    }
                }

                result.Add(line);
            }

            return result;
        }
    }
}
