using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Petition.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccountsAdministration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MemberId",
                table: "Petitions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MemberId",
                table: "Drafts",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AddressDetail",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalCode",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RrnMasked",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 14,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RrnProtected",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MemberCertificates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    FingerprintSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubjectDn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    IssuerDn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NotAfterUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    BoundAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUsedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberCertificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberCertificates_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PetitionTypeVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PetitionTypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FeeKrw = table.Column<int>(type: "INTEGER", nullable: false),
                    ProcessingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    RequiresIdentityVerification = table.Column<bool>(type: "INTEGER", nullable: false),
                    InPersonFeePayment = table.Column<int>(type: "INTEGER", nullable: false),
                    AllowedDeliveryMethods = table.Column<int>(type: "INTEGER", nullable: false),
                    FormJson = table.Column<string>(type: "TEXT", nullable: false),
                    AcceptedPolicyOidsJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ChangeNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PetitionTypeVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PetitionTypeVersions_PetitionTypes_PetitionTypeId",
                        column: x => x.PetitionTypeId,
                        principalTable: "PetitionTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TrustCertificates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Der = table.Column<byte[]>(type: "BLOB", nullable: false),
                    FingerprintSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FingerprintSha1 = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SubjectDn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    IssuerDn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    NotBeforeUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NotAfterUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PolicyOidsJson = table.Column<string>(type: "TEXT", nullable: false),
                    CrlDistributionPointsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    AddedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ChangedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustCertificates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrustStoreState",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    OcspEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    OcspResponderUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RefreshCrlsFromDistributionPoints = table.Column<bool>(type: "INTEGER", nullable: false),
                    DemoGeneratedAt = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustStoreState", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrustCrls",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Der = table.Column<byte[]>(type: "BLOB", nullable: false),
                    IssuerDn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    IssuerCertificateId = table.Column<long>(type: "INTEGER", nullable: true),
                    ThisUpdateUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextUpdateUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CrlNumber = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RevokedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    DistributionPointUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AddedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastFetchAttemptUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastFetchError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustCrls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrustCrls_TrustCertificates_IssuerCertificateId",
                        column: x => x.IssuerCertificateId,
                        principalTable: "TrustCertificates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.InsertData(
                table: "TrustStoreState",
                columns: new[] { "Id", "DemoGeneratedAt", "OcspEnabled", "OcspResponderUrl", "RefreshCrlsFromDistributionPoints", "UpdatedAtUtc", "UpdatedBy", "Version" },
                values: new object[] { 1, null, false, null, false, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), null, 1L });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_MemberId_ReceivedAtUtc",
                table: "Petitions",
                columns: new[] { "MemberId", "ReceivedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_MemberId_UpdatedAtUtc",
                table: "Drafts",
                columns: new[] { "MemberId", "UpdatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberCertificates_FingerprintSha256",
                table: "MemberCertificates",
                column: "FingerprintSha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberCertificates_UserId",
                table: "MemberCertificates",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_PetitionTypeVersions_PetitionTypeId_Version",
                table: "PetitionTypeVersions",
                columns: new[] { "PetitionTypeId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrustCertificates_Enabled_Kind",
                table: "TrustCertificates",
                columns: new[] { "Enabled", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_TrustCertificates_FingerprintSha256",
                table: "TrustCertificates",
                column: "FingerprintSha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrustCrls_IssuerCertificateId",
                table: "TrustCrls",
                column: "IssuerCertificateId");

            migrationBuilder.CreateIndex(
                name: "IX_TrustCrls_NextUpdateUtc",
                table: "TrustCrls",
                column: "NextUpdateUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MemberCertificates");

            migrationBuilder.DropTable(
                name: "PetitionTypeVersions");

            migrationBuilder.DropTable(
                name: "TrustCrls");

            migrationBuilder.DropTable(
                name: "TrustStoreState");

            migrationBuilder.DropTable(
                name: "TrustCertificates");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_MemberId_ReceivedAtUtc",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Drafts_MemberId_UpdatedAtUtc",
                table: "Drafts");

            migrationBuilder.DropColumn(
                name: "MemberId",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "MemberId",
                table: "Drafts");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "AddressDetail",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PostalCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "RrnMasked",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "RrnProtected",
                table: "AspNetUsers");
        }
    }
}
