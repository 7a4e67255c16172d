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
                name: "DemoGatewayOrders",
                columns: table => new
                {
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Amount = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    PaymentKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CardNumberMasked = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    ApprovalNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    TimesOutOnConfirm = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChargeCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SuccessUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    FailUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ApprovedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CanceledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DemoGatewayOrders", x => x.OrderId);
                });

            migrationBuilder.CreateTable(
                name: "Payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DraftId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Amount = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    PaymentKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Method = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ApprovalNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CardNumberMasked = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    FailureCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FailureMessage = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PetitionId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConfirmStartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReconcileAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    RefundedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RefundReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Payments", x => x.Id);
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
                    PaymentOrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PaymentMethod = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    PaymentApprovalNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    PaidAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SignatureCms = table.Column<byte[]>(type: "BLOB", nullable: true),
                    SignatureReportJson = table.Column<string>(type: "TEXT", nullable: true),
                    SignerSummary = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
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
                    InPersonFeePayment = table.Column<int>(type: "INTEGER", nullable: false),
                    AllowedDeliveryMethods = table.Column<int>(type: "INTEGER", nullable: false),
                    FormJson = table.Column<string>(type: "TEXT", nullable: false),
                    AcceptedPolicyOidsJson = table.Column<string>(type: "TEXT", nullable: false),
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
                name: "SigningChallenges",
                columns: table => new
                {
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DraftId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    IssuedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConsumedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SigningChallenges", x => x.Nonce);
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
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false),
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
                    SignatureCms = table.Column<byte[]>(type: "BLOB", nullable: true),
                    SignatureReportJson = table.Column<string>(type: "TEXT", nullable: true),
                    SignerSummary = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SignedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
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
                name: "IX_DemoGatewayOrders_PaymentKey",
                table: "DemoGatewayOrders",
                column: "PaymentKey",
                unique: true);

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
                name: "IX_Payments_DraftId",
                table: "Payments",
                column: "DraftId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_OrderId",
                table: "Payments",
                column: "OrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_PetitionId",
                table: "Payments",
                column: "PetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_Status_ConfirmStartedAtUtc",
                table: "Payments",
                columns: new[] { "Status", "ConfirmStartedAtUtc" });

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

            migrationBuilder.CreateIndex(
                name: "IX_SigningChallenges_DraftId_IssuedAtUtc",
                table: "SigningChallenges",
                columns: new[] { "DraftId", "IssuedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SigningChallenges_ExpiresAtUtc",
                table: "SigningChallenges",
                column: "ExpiresAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DemoGatewayOrders");

            migrationBuilder.DropTable(
                name: "Drafts");

            migrationBuilder.DropTable(
                name: "Payments");

            migrationBuilder.DropTable(
                name: "PetitionHistory");

            migrationBuilder.DropTable(
                name: "ReceiptCounters");

            migrationBuilder.DropTable(
                name: "SigningChallenges");

            migrationBuilder.DropTable(
                name: "PetitionTypes");

            migrationBuilder.DropTable(
                name: "Petitions");
        }
    }
}
