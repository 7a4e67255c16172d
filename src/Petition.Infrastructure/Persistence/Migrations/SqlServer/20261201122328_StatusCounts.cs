using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Petition.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StatusCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PetitionStatusCounts",
                columns: table => new
                {
                    Department = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    Total = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PetitionStatusCounts", x => new { x.Department, x.Status });
                });

            // Existing petitions: start the counts from what is there.
            migrationBuilder.Sql("INSERT INTO PetitionStatusCounts (Department, Status, Total) SELECT Department, Status, COUNT(*) FROM Petitions GROUP BY Department, Status;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PetitionStatusCounts");
        }
    }
}
