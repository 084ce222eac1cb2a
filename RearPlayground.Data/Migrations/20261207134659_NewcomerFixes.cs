using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RearPlayground.Data.Migrations
{
    /// <inheritdoc />
    public partial class NewcomerFixes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "Runs",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RerunOf",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WarningsJson",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Owner_IdempotencyKey",
                table: "Runs",
                columns: new[] { "Owner", "IdempotencyKey" },
                unique: true,
                filter: "IdempotencyKey IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_RerunOf",
                table: "Runs",
                column: "RerunOf");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Runs_Owner_IdempotencyKey",
                table: "Runs");

            migrationBuilder.DropIndex(
                name: "IX_Runs_RerunOf",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "RerunOf",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "WarningsJson",
                table: "Runs");
        }
    }
}
