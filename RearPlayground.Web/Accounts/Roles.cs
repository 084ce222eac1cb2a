namespace RearPlayground.Web.Accounts;

/// <summary>Team roles. Workers are service accounts that publish events from a standalone process.</summary>
public static class Roles
{
    public const string Admin = "admin", Annotator = "annotator", Worker = "worker";
    public const string WorkerOrAdmin = Worker + "," + Admin;
    public static readonly string[] All = [Admin, Annotator, Worker];
}
