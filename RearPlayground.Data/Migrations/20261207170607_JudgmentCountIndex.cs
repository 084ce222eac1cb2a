using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RearPlayground.Data.Migrations
{
    /// <inheritdoc />
    public partial class JudgmentCountIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_CampaignJudgments_CampaignId_Skipped_ItemId",
                table: "CampaignJudgments",
                columns: new[] { "CampaignId", "Skipped", "ItemId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CampaignJudgments_CampaignId_Skipped_ItemId",
                table: "CampaignJudgments");
        }
    }
}
