using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RearPlayground.Data.Migrations
{
    /// <summary>
    /// Events stored one row per committed batch, deflated (PackedEvents): Count and Packed. Older rows keep their text.
    /// </summary>
    public partial class CompactStorage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Count",
                table: "RunEvents",
                type: "INTEGER",
                nullable: false,
                // Rows stored before this hold one event each.
                defaultValue: 1);

            migrationBuilder.AddColumn<byte[]>(
                name: "Packed",
                table: "RunEvents",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Count",
                table: "RunEvents");

            migrationBuilder.DropColumn(
                name: "Packed",
                table: "RunEvents");
        }
    }
}
