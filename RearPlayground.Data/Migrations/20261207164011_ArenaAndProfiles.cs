using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RearPlayground.Data.Migrations
{
    /// <inheritdoc />
    public partial class ArenaAndProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Baseline",
                table: "Candidates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SelectorsJson",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstSelector",
                table: "CampaignItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SecondSelector",
                table: "CampaignItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Profiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false, collation: "NOCASE"),
                    Lambda = table.Column<double>(type: "REAL", nullable: false),
                    Gamma = table.Column<double>(type: "REAL", nullable: false),
                    Aggregation = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ScoreEos = table.Column<bool>(type: "INTEGER", nullable: false),
                    SourceJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IsTeamDefault = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Profiles", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Profiles_IsTeamDefault",
                table: "Profiles",
                column: "IsTeamDefault",
                unique: true,
                filter: "\"IsTeamDefault\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_Profiles_Name",
                table: "Profiles",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Profiles");

            migrationBuilder.DropColumn(
                name: "Baseline",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "SelectorsJson",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "FirstSelector",
                table: "CampaignItems");

            migrationBuilder.DropColumn(
                name: "SecondSelector",
                table: "CampaignItems");
        }
    }
}
