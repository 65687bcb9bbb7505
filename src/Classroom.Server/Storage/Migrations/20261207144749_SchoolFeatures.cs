using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Classroom.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class SchoolFeatures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AddedAt",
                table: "Students",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RemovedAt",
                table: "Students",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Cap",
                table: "LessonLinks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "LessonLinks",
                type: "TEXT",
                maxLength: 60,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LinkToken",
                table: "Classes",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Classes_LinkToken",
                table: "Classes",
                column: "LinkToken",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Classes_LinkToken",
                table: "Classes");

            migrationBuilder.DropColumn(
                name: "AddedAt",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "RemovedAt",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "Cap",
                table: "LessonLinks");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "LessonLinks");

            migrationBuilder.DropColumn(
                name: "LinkToken",
                table: "Classes");
        }
    }
}
