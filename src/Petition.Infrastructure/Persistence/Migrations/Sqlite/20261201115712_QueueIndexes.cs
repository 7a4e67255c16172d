using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Petition.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Petitions_ApplicantName",
                table: "Petitions",
                columns: new[] { "ApplicantName", "ReceivedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_DueDate",
                table: "Petitions",
                column: "DueDate");

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Queue_Due",
                table: "Petitions",
                columns: new[] { "Department", "DueDate", "Id", "Status", "PetitionTypeId", "Identity", "Delivery", "FeeStatus", "FeeKrw", "ApplicantName" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Queue_Name",
                table: "Petitions",
                columns: new[] { "Department", "ApplicantName", "ReceivedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Queue_Received",
                table: "Petitions",
                columns: new[] { "Department", "ReceivedAtUtc", "Id", "Status", "PetitionTypeId", "DueDate", "Identity", "Delivery", "FeeStatus", "FeeKrw", "ApplicantName" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Queue_Status",
                table: "Petitions",
                columns: new[] { "Department", "Status", "ReceivedAtUtc", "Id", "PetitionTypeId", "DueDate", "Identity", "Delivery", "FeeStatus", "FeeKrw" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_Queue_StatusDue",
                table: "Petitions",
                columns: new[] { "Department", "Status", "DueDate", "Id", "PetitionTypeId", "Identity", "Delivery", "FeeStatus", "FeeKrw" });

            migrationBuilder.CreateIndex(
                name: "IX_Petitions_ReceivedAtUtc",
                table: "Petitions",
                column: "ReceivedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Petitions_ApplicantName",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_DueDate",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_Queue_Due",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_Queue_Name",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_Queue_Received",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_Queue_Status",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_Queue_StatusDue",
                table: "Petitions");

            migrationBuilder.DropIndex(
                name: "IX_Petitions_ReceivedAtUtc",
                table: "Petitions");
        }
    }
}
