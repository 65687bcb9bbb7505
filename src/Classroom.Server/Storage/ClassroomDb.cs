using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Classroom.Server.Storage;

public sealed class ClassroomDb(DbContextOptions<ClassroomDb> options) : IdentityDbContext<TeacherAccount>(options)
{
    public DbSet<CabinetRecord> Cabinets => Set<CabinetRecord>();
    public DbSet<ClassRecord> Classes => Set<ClassRecord>();
    public DbSet<StudentRecord> Students => Set<StudentRecord>();
    public DbSet<LessonRecord> Lessons => Set<LessonRecord>();
    public DbSet<LessonLinkRecord> LessonLinks => Set<LessonLinkRecord>();
    public DbSet<ChatRecord> ChatMessages => Set<ChatRecord>();
    public DbSet<AttendanceRecord> Attendance => Set<AttendanceRecord>();
    public DbSet<ModerationRecord> Moderation => Set<ModerationRecord>();
    public DbSet<BanRecord> Bans => Set<BanRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC ticks: SQLite can then compare and order them in queries.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<TeacherAccount>().Property(a => a.DisplayName).HasMaxLength(100);

        builder.Entity<CabinetRecord>(e =>
        {
            e.ToTable("Cabinets");
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.Subject).HasMaxLength(100);
            e.HasIndex(c => c.OwnerId);
        });
        builder.Entity<ClassRecord>(e =>
        {
            e.ToTable("Classes");
            e.Property(c => c.Name).HasMaxLength(60);
            e.Property(c => c.LinkToken).HasMaxLength(32);
            e.HasIndex(c => c.OwnerId);
            e.HasIndex(c => c.LinkToken).IsUnique();
            e.HasMany(c => c.Students).WithOne().HasForeignKey(s => s.ClassId);
        });
        builder.Entity<StudentRecord>(e =>
        {
            e.ToTable("Students");
            e.Property(s => s.Name).HasMaxLength(60);
            e.Property(s => s.JoinCode).HasMaxLength(16);
            e.HasIndex(s => s.JoinCode).IsUnique();
        });
        builder.Entity<LessonRecord>(e =>
        {
            e.ToTable("Lessons");
            e.Property(l => l.Title).HasMaxLength(120);
            e.HasIndex(l => l.CabinetId);
            e.HasIndex(l => new { l.ClassId, l.StartsAt });
        });
        builder.Entity<LessonLinkRecord>(e =>
        {
            e.ToTable("LessonLinks");
            e.HasKey(l => l.Token);
            e.Property(l => l.Token).HasMaxLength(32);
            e.Property(l => l.Name).HasMaxLength(60);
            e.HasIndex(l => l.LessonId);
        });
        builder.Entity<ChatRecord>(e =>
        {
            e.ToTable("ChatMessages");
            e.HasIndex(c => new { c.LessonId, c.Seq }).IsUnique();
            e.Property(c => c.Text).HasMaxLength(10_000);
            e.Property(c => c.SenderName).HasMaxLength(100);
        });
        builder.Entity<AttendanceRecord>(e =>
        {
            e.ToTable("Attendance");
            e.HasIndex(a => new { a.LessonId, a.ParticipantId });
        });
        builder.Entity<ModerationRecord>(e =>
        {
            e.ToTable("ModerationLog");
            e.HasIndex(m => m.LessonId);
            e.Property(m => m.ActorName).HasMaxLength(100);
            e.Property(m => m.TargetName).HasMaxLength(100);
            e.Property(m => m.Detail).HasMaxLength(300);
        });
        builder.Entity<BanRecord>(e =>
        {
            e.ToTable("Bans");
            e.HasIndex(b => b.CabinetId);
            e.Property(b => b.Name).HasMaxLength(100);
            e.Property(b => b.Reason).HasMaxLength(300);
        });
    }
}
