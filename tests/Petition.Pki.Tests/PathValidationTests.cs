using System.Diagnostics;
using Org.BouncyCastle.X509;
using Petition.Pki.Validation;
using static Petition.Pki.Tests.TestChains;

namespace Petition.Pki.Tests;

/// <summary>RFC 5280 path validation with purpose-built chains (ChainValidator = the verifier's path step).</summary>
public sealed class PathValidationTests
{
    private const string RootDn = "CN=Test Root, O=Test PKI, C=KR";
    private const string CaDn = "CN=Test CA, O=Test PKI, C=KR";
    private const string SubCaDn = "CN=Test Sub CA, O=Test PKI, C=KR";
    private const string GoodLeafDn = "CN=Good Leaf, OU=Citizens, O=Test PKI, C=KR";
    private const string OtherLeafDn = "CN=Other Leaf, O=Other Org, C=KR";

    private static Task<ChainValidationReport> Validate(TestCa leaf, TestCa root, IEnumerable<TestCa> intermediates, PathValidationSettings? settings = null, DateTimeOffset? at = null) =>
        ValidateCertificates(leaf.Certificate, [root.Certificate], [.. intermediates.Select(i => i.Certificate)], settings, at);

    private static Task<ChainValidationReport> ValidateCertificates(X509Certificate leaf, IReadOnlyList<X509Certificate> anchors, IReadOnlyList<X509Certificate> intermediates, PathValidationSettings? settings = null, DateTimeOffset? at = null) =>
        ChainValidator.ValidateAsync(new ChainValidationRequest
        {
            EndEntity = leaf,
            TrustAnchors = anchors,
            Intermediates = intermediates,
            ValidationTime = at ?? Now,
            CheckRevocation = false,
            Settings = settings ?? new PathValidationSettings(),
        });

    private static void AssertIndeterminate(ChainValidationReport report, SubIndication expected)
    {
        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.Equal(expected, report.SubIndication);
        Assert.False(report.Valid);
    }

    [Fact]
    public async Task ValidateAsync_CompliantThreeLevelChain_Passes()
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root, new CertSpec { PathLength = 0 });
        var leaf = Leaf(GoodLeafDn, 2, ca);

        var report = await Validate(leaf, root, [ca]);

        Assert.True(report.Valid, report.ToJson());
        Assert.Equal(["END_ENTITY", "CA", "TRUST_ANCHOR"], report.Chain.Select(c => c.Role));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task ValidateAsync_IntermediateWithoutCaTrue_IsChainConstraintsFailure(bool? isCa)
    {
        var root = Root(RootDn);
        var notCa = Ca(CaDn, 1, root, new CertSpec { IsCa = isCa });
        var leaf = Leaf(GoodLeafDn, 2, notCa);

        var report = await Validate(leaf, root, [notCa]);

        AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
        Assert.Contains("CA", report.Details[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ValidateAsync_PathLenZeroWithCaBelow_IsChainConstraintsFailure()
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root, new CertSpec { PathLength = 0 });
        var sub = Ca(SubCaDn, 2, ca);
        var leaf = Leaf(GoodLeafDn, 3, sub);

        var report = await Validate(leaf, root, [ca, sub]);

        AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
        Assert.Contains("path length", report.Details[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ValidateAsync_PathLenOneWithCaBelow_Passes()
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root, new CertSpec { PathLength = 1 });
        var sub = Ca(SubCaDn, 2, ca, new CertSpec { PathLength = 0 });
        var leaf = Leaf(GoodLeafDn, 3, sub);

        var report = await Validate(leaf, root, [ca, sub]);

        Assert.True(report.Valid, report.ToJson());
        Assert.Equal(4, report.Chain.Count);
    }

    [Theory]
    [InlineData("O=Test PKI, C=KR", null, GoodLeafDn, true)]
    [InlineData("O=Test PKI, C=KR", null, OtherLeafDn, false)]
    [InlineData(null, "OU=Citizens, O=Test PKI, C=KR", GoodLeafDn, false)]
    [InlineData(null, "OU=Citizens, O=Test PKI, C=KR", "CN=Staff Leaf, OU=Staff, O=Test PKI, C=KR", true)]
    public async Task ValidateAsync_NameConstraintsOnIntermediate_PassOnlyForCompliantLeaf(string? permitted, string? excluded, string leafDn, bool expectValid)
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root, new CertSpec { PermittedDns = permitted is null ? [] : [permitted], ExcludedDns = excluded is null ? [] : [excluded] });
        var leaf = Leaf(leafDn, 2, ca);

        var report = await Validate(leaf, root, [ca]);

        if (expectValid)
        {
            Assert.True(report.Valid, report.ToJson());
        }
        else
        {
            AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
        }
    }

    [Theory]
    [InlineData(PolicyA, true)]
    [InlineData(PolicyB, false)]
    public async Task ValidateAsync_ExplicitPolicyWithInitialSet_PassesOnlyWhenLeafPolicyInSet(string initialPolicy, bool expectValid)
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root);
        var leaf = Leaf(GoodLeafDn, 2, ca, [PolicyA]);

        var report = await Validate(leaf, root, [ca], new PathValidationSettings { InitialPolicies = [initialPolicy], InitialExplicitPolicy = true });

        if (expectValid)
        {
            Assert.True(report.Valid, report.ToJson());
        }
        else
        {
            AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
        }
    }

    [Fact]
    public async Task ValidateAsync_RequireExplicitPolicyInCaAndLeafWithoutPolicies_IsChainConstraintsFailure()
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root, new CertSpec { RequireExplicitPolicy = 0 });
        var leaf = Leaf(GoodLeafDn, 2, ca, []);

        var report = await Validate(leaf, root, [ca]);

        AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
    }

    [Fact]
    public async Task ValidateAsync_RequireExplicitPolicyInCaAndLeafWithPolicy_Passes()
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root, new CertSpec { RequireExplicitPolicy = 0 });
        var leaf = Leaf(GoodLeafDn, 2, ca, [PolicyA]);

        var report = await Validate(leaf, root, [ca]);

        Assert.True(report.Valid, report.ToJson());
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task ValidateAsync_PolicyMappingWithInitialInhibit_MappedPolicyOnlyHonouredWithoutInhibit(bool inhibitMapping, bool expectValid)
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root, new CertSpec { Policies = [PolicyA], PolicyMappings = [(PolicyA, PolicyB)] });
        var leaf = Leaf(GoodLeafDn, 2, ca, [PolicyB]);

        var report = await Validate(leaf, root, [ca], new PathValidationSettings
        {
            InitialPolicies = [PolicyA],
            InitialExplicitPolicy = true,
            InitialPolicyMappingInhibit = inhibitMapping,
        });

        if (expectValid)
        {
            Assert.True(report.Valid, report.ToJson());
        }
        else
        {
            AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
        }
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task ValidateAsync_CaAssertingOnlyAnyPolicyWithInitialAnyPolicyInhibit_FailsOnlyWhenInhibited(bool inhibitAnyPolicy, bool expectValid)
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root, new CertSpec { Policies = [AnyPolicy] });
        var leaf = Leaf(GoodLeafDn, 2, ca, [PolicyA]);

        var report = await Validate(leaf, root, [ca], new PathValidationSettings
        {
            InitialPolicies = [PolicyA],
            InitialExplicitPolicy = true,
            InitialAnyPolicyInhibit = inhibitAnyPolicy,
        });

        if (expectValid)
        {
            Assert.True(report.Valid, report.ToJson());
        }
        else
        {
            AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
        }
    }

    [Fact]
    public async Task ValidateAsync_InhibitAnyPolicyZeroInIntermediate_SubCaAnyPolicyNotHonoured()
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root, new CertSpec { Policies = [PolicyA], InhibitAnyPolicy = 0 });
        var sub = Ca(SubCaDn, 2, ca, new CertSpec { Policies = [AnyPolicy] });
        var leaf = Leaf(GoodLeafDn, 3, sub, [PolicyA]);

        var report = await Validate(leaf, root, [ca, sub], new PathValidationSettings { InitialExplicitPolicy = true });

        AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
    }

    [Fact]
    public async Task ValidateAsync_AnchorNameConstraintsExcludeLeaf_IsChainConstraintsFailure()
    {
        var root = Root(RootDn, spec: new CertSpec { PermittedDns = ["O=Test PKI, C=KR"] });
        var ca = Ca(CaDn, 1, root);
        var leaf = Leaf(OtherLeafDn, 2, ca);

        var report = await Validate(leaf, root, [ca]);

        AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
        Assert.Contains("trust anchor's name constraints", report.Details[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_AnchorNameConstraintsPermitLeaf_Passes()
    {
        var root = Root(RootDn, spec: new CertSpec { PermittedDns = ["O=Test PKI, C=KR"] });
        var ca = Ca(CaDn, 1, root);
        var leaf = Leaf(GoodLeafDn, 2, ca);

        var report = await Validate(leaf, root, [ca]);

        Assert.True(report.Valid, report.ToJson());
    }

    [Fact]
    public async Task ValidateAsync_AnchorPathLenZeroWithIntermediate_IsChainConstraintsFailure()
    {
        var root = Root(RootDn, spec: new CertSpec { PathLength = 0 });
        var ca = Ca(CaDn, 1, root);
        var leaf = Leaf(GoodLeafDn, 2, ca);

        var report = await Validate(leaf, root, [ca]);

        AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
        Assert.Contains("pathLenConstraint 0", report.Details[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_AnchorNotCa_IsChainConstraintsFailure()
    {
        var root = Root(RootDn, spec: new CertSpec { IsCa = false });
        var ca = Ca(CaDn, 1, root);
        var leaf = Leaf(GoodLeafDn, 2, ca);

        var report = await Validate(leaf, root, [ca]);

        AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
        Assert.Contains("not a CA certificate", report.Details[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_ExpiredAnchor_IsChainConstraintsFailure()
    {
        var root = Root(RootDn, spec: new CertSpec { NotBefore = Now.AddYears(-10), NotAfter = Now.AddDays(-1) });
        var ca = Ca(CaDn, 1, root);
        var leaf = Leaf(GoodLeafDn, 2, ca);

        var report = await Validate(leaf, root, [ca]);

        AssertIndeterminate(report, SubIndication.ChainConstraintsFailure);
        Assert.Contains("outside its validity period", report.Details[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_ExpiredIntermediate_IsChainConstraintsFailure()
    {
        var root = Root(RootDn);
        var ca = Ca(CaDn, 1, root, new CertSpec { NotBefore = Now.AddYears(-3), NotAfter = Now.AddDays(-1) });
        var leaf = Leaf(GoodLeafDn, 2, ca);

        var report = await Validate(leaf, root, [ca]);

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.False(report.Valid);
    }

    [Fact]
    public async Task ValidateAsync_IntermediateSignedByOtherKey_IsNotValid()
    {
        var root = Root(RootDn);
        var impostorRoot = Root(RootDn, key: 5);
        var ca = Ca(CaDn, 1, impostorRoot);
        var leaf = Leaf(GoodLeafDn, 2, ca);

        var report = await Validate(leaf, root, [ca]);

        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.False(report.Valid);
    }

    [Fact]
    public async Task ValidateAsync_UnrelatedAnchor_IsNoCertificateChainFound()
    {
        var root = Root(RootDn);
        var other = Root("CN=Other Root, O=Other, C=KR", key: 6);
        var ca = Ca(CaDn, 1, root);
        var leaf = Leaf(GoodLeafDn, 2, ca);

        var report = await Validate(leaf, other, [ca]);

        AssertIndeterminate(report, SubIndication.NoCertificateChainFound);
    }

    [Fact]
    public async Task ValidateAsync_CrossCertifiedMeshWithoutAnchor_FailsCleanlyAndQuickly()
    {
        var (leaf, mesh, _) = BuildMesh(6, linkToRoot: false);
        var stopwatch = Stopwatch.StartNew();

        var report = await ValidateCertificates(leaf.Certificate, [Root(RootDn).Certificate], mesh);

        stopwatch.Stop();
        Assert.False(report.Valid);
        Assert.Equal(Indication.Indeterminate, report.Indication);
        Assert.True(report.SubIndication is SubIndication.NoCertificateChainFound or SubIndication.ChainConstraintsFailure, report.ToJson());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Path building took {stopwatch.Elapsed}.");
    }

    [Fact]
    public async Task ValidateAsync_CrossCertifiedMeshLinkedToAnchor_FindsPathQuickly()
    {
        var (leaf, mesh, root) = BuildMesh(6, linkToRoot: true);
        var stopwatch = Stopwatch.StartNew();

        var report = await ValidateCertificates(leaf.Certificate, [root.Certificate], mesh);

        stopwatch.Stop();
        Assert.True(report.Valid, report.ToJson());
        Assert.Equal("TRUST_ANCHOR", report.Chain[^1].Role);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Path building took {stopwatch.Elapsed}.");
    }

    [Fact]
    public async Task ValidateAsync_MeshLongerThanMaxPathLength_IsNotValid()
    {
        var (leaf, mesh, root) = BuildMesh(6, linkToRoot: true, fullMesh: false);

        var report = await ValidateCertificates(leaf.Certificate, [root.Certificate], mesh, new PathValidationSettings { MaxPathLength = 2 });

        Assert.False(report.Valid);
        Assert.Equal(Indication.Indeterminate, report.Indication);
    }

    /// <summary>
    /// n CAs; fullMesh: every ordered pair cross-certified; otherwise a line CA0 ← CA1 ← ... (CA0 issues the leaf, the
    /// last CA is issued by the root when linked). The leaf is issued by CA0.
    /// </summary>
    private static (TestCa Leaf, List<X509Certificate> Mesh, TestCa Root) BuildMesh(int n, bool linkToRoot, bool fullMesh = true)
    {
        var root = Root(RootDn);
        var cas = Enumerable.Range(0, n).Select(i => Root($"CN=Mesh CA {i}, O=Mesh, C=KR", key: 1 + (i % 6))).ToList();
        var mesh = new List<X509Certificate>();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (i != j && (fullMesh || j == i + 1))
                {
                    mesh.Add(Cross(cas[i], cas[j]));
                }
            }
        }

        if (linkToRoot)
        {
            mesh.Add(Cross(cas[^1], root));
        }

        var leaf = Leaf(GoodLeafDn, 7, cas[0]);
        return (leaf, mesh, root);
    }
}
