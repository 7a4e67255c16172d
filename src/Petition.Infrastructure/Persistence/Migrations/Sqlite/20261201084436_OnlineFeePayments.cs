using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Petition.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OnlineFeePayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AcceptedPolicyOidsJson",
                table: "PetitionTypes",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "InPersonFeePayment",
                table: "PetitionTypes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Seeded types keep sensible fee rules on databases created before this migration.
            migrationBuilder.Sql("UPDATE PetitionTypes SET InPersonFeePayment = 1 WHERE Code = 'LABOR-ATTORNEY-REISSUE'");
            migrationBuilder.Sql("UPDATE PetitionTypes SET InPersonFeePayment = 2 WHERE Code = 'TRAINING-COMPLETION-CERT'");

            migrationBuilder.AddColumn<DateTime>(
                name: "PaidAtUtc",
                table: "Petitions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PaymentApprovalNumber",
                table: "Petitions",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PaymentMethod",
                table: "Petitions",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PaymentOrderId",
                table: "Petitions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SignatureCms",
                table: "Petitions",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignatureReportJson",
                table: "Petitions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignerSummary",
                table: "Petitions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SignatureCms",
                table: "Drafts",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignatureReportJson",
                table: "Drafts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SignedAtUtc",
                table: "Drafts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignerSummary",
                table: "Drafts",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_DemoGatewayOrders_PaymentKey",
                table: "DemoGatewayOrders",
                column: "PaymentKey",
                unique: true);

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
                name: "DemoGatewayOrders");

            migrationBuilder.DropTable(
                name: "Payments");

            migrationBuilder.DropTable(
                name: "SigningChallenges");

            migrationBuilder.DropColumn(
                name: "AcceptedPolicyOidsJson",
                table: "PetitionTypes");

            migrationBuilder.DropColumn(
                name: "InPersonFeePayment",
                table: "PetitionTypes");

            migrationBuilder.DropColumn(
                name: "PaidAtUtc",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "PaymentApprovalNumber",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "PaymentMethod",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "PaymentOrderId",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "SignatureCms",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "SignatureReportJson",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "SignerSummary",
                table: "Petitions");

            migrationBuilder.DropColumn(
                name: "SignatureCms",
                table: "Drafts");

            migrationBuilder.DropColumn(
                name: "SignatureReportJson",
                table: "Drafts");

            migrationBuilder.DropColumn(
                name: "SignedAtUtc",
                table: "Drafts");

            migrationBuilder.DropColumn(
                name: "SignerSummary",
                table: "Drafts");
        }
    }
}
