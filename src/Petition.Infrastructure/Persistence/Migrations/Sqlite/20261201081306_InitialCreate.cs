using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Petition.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Petitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReceiptNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DraftId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PetitionTypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    PetitionTypeVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    PetitionTypeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FormJson = table.Column<string>(type: "TEXT", nullable: false),
                    AnswersJson = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RrnProtected = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RrnMasked = table.Column<string>(type: "TEXT", maxLength: 14, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AddressDetail = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Delivery = table.Column<int>(type: "INTEGER", nullable: false),
                    ChosenDelivery = table.Column<int>(type: "INTEGER", nullable: false),
                    MailPostalCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    MailAddress = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    MailAddressDetail = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Identity = table.Column<int>(type: "INTEGER", nullable: false),
                    FeeKrw = table.Column<int>(type: "INTEGER", nullable: false),
                    FeeStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Petitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PetitionTypes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FeeKrw = table.Column<int>(type: "INTEGER", nullable: false),
                    ProcessingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    RequiresIdentityVerification = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowedDeliveryMethods = table.Column<int>(type: "INTEGER", nullable: false),
                    FormJson = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PetitionTypes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReceiptCounters",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LastValue = table.Column<int>(type: "INTEGER", nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceiptCounters", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "PetitionHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PetitionId = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FromStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    ToStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PetitionHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PetitionHistory_Petitions_PetitionId",
                        column: x => x.PetitionId,
                        principalTable: "Petitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Drafts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PetitionTypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    PetitionTypeVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    FormJson = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    RrnProtected = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RrnMasked = table.Column<string>(type: "TEXT", maxLength: 14, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AddressDetail = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    FormCompleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    AnswersJson = table.Column<string>(type: "TEXT", nullable: false),
                    ChosenDelivery = table.Column<int>(type: "INTEGER", nullable: true),
                    MailSameAsApplicant = table.Column<bool>(type: "INTEGER", nullable: false),
                    MailPostalCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    MailAddress = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    MailAddressDetail = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReviewedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CertificateChoice = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedPetitionId = table.Column<long>(type: "INTEGER", nullable: true),
                    SubmittedReceiptNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Drafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Drafts_PetitionTypes_PetitionTypeId",
                        column: x => x.PetitionTypeId,
                        principalTable: "PetitionTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_ExpiresAtUtc",
                table: "Drafts",
                column: "ExpiresAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_OwnerTokenHash",
                table: "Drafts",
                column: "OwnerTokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_PetitionTypeId",
                table: "Drafts",
                column: "PetitionTypeId");

            migrationBuilder.CreateIndex(
                name: "IX_PetitionHistory_PetitionId_AtUtc",
                table: "PetitionHistory",
                columns: new[] { "PetitionId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_DraftId",
                table: "Petitions",
                column: "DraftId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_ReceiptNumber",
                table: "Petitions",
                column: "ReceiptNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Status_ReceivedAtUtc",
                table: "Petitions",
                columns: new[] { "Status", "ReceivedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PetitionTypes_Code",
                table: "PetitionTypes",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PetitionTypes_IsActive_SortOrder",
                table: "PetitionTypes",
                columns: new[] { "IsActive", "SortOrder" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "Drafts");

            migrationBuilder.DropTable(
                name: "PetitionHistory");

            migrationBuilder.DropTable(
                name: "ReceiptCounters");

            migrationBuilder.DropTable(
                name: "PetitionTypes");

            migrationBuilder.DropTable(
                name: "Petitions");
        }
    }
}
